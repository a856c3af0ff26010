// The Xet read token: strict parsing of the Hub's answer, and a cache that fetches once, renews
// before expiry and after a refusal.
#include "engine/hub/xet_token.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace {

using tf::engine::hub::parse_xet_token;
using tf::engine::hub::XetToken;
using tf::engine::hub::XetTokenCache;

TEST(XetToken, ParsesTheHubAnswer) {
  const auto t = parse_xet_token(
      R"({"accessToken":"xet_abc","exp":1900000000,"casUrl":"http://127.0.0.1:9/cas/"})");
  EXPECT_EQ(t.access_token, "xet_abc");
  EXPECT_EQ(t.expires_at, 1900000000);
  EXPECT_EQ(t.cas_url, "http://127.0.0.1:9/cas");  // trailing '/' dropped
}

TEST(XetToken, MalformedAnswersAreProtocolErrors) {
  for (const char* bad :
       {"", "[]", R"({"exp":1,"casUrl":"http://h"})",
        R"({"accessToken":"x","exp":"1","casUrl":"http://h"})",
        R"({"accessToken":"x y","exp":1,"casUrl":"http://h"})",
        R"({"accessToken":"x","exp":1,"casUrl":"file:///etc"})", R"({"accessToken":"x","exp":1})",
        // No host: once the trailing '/' is dropped, these were "http:".
        R"({"accessToken":"x","exp":1,"casUrl":"http:///"})",
        R"({"accessToken":"x","exp":1,"casUrl":"https://"})"}) {
    try {
      parse_xet_token(bad);
      ADD_FAILURE() << bad;
    } catch (const tf::Error& e) {
      EXPECT_EQ(e.kind(), tf::ErrorKind::protocol) << bad;
    }
  }
}

TEST(XetTokenCache, FetchesOnceRenewsBeforeExpiryAndAfterARefusal) {
  int64_t now = 1000;
  int fetched = 0;
  XetTokenCache cache(
      [&] {
        ++fetched;
        return XetToken{"t" + std::to_string(fetched), now + 300, "http://h/cas"};
      },
      [&] { return now; }, 60);
  EXPECT_EQ(cache.current().access_token, "t1");
  EXPECT_EQ(cache.current().access_token, "t1");
  now += 239;  // 61 s left: still good
  EXPECT_EQ(cache.current().access_token, "t1");
  now += 1;  // 60 s left: renewed
  EXPECT_EQ(cache.current().access_token, "t2");
  cache.invalidate("t1");  // an old token refused: the current one stays
  EXPECT_EQ(cache.current().access_token, "t2");
  cache.invalidate("t2");
  EXPECT_EQ(cache.current().access_token, "t3");
  EXPECT_EQ(cache.fetches(), 3);
}

}  // namespace
