// The Link header: huggingface_hub follows response.links["next"] (httpx), @huggingface/hub the
// regex <(https?://[^>]+)>;\s+rel="([^"]+)"; we accept both shapes and never crash on garbage.
#include <gtest/gtest.h>

#include "engine/hub/hub_api.hpp"
#include "io/error.hpp"

using namespace tf::engine::hub;

namespace {

using Links = std::vector<std::pair<std::string, std::string>>;

TEST(LinkHeader, TheHubsPaginationLink) {
  const std::string header =
      "<https://huggingface.co/api/models/org/name/tree/"
      "main?recursive=true&expand=false&cursor=ZXlK>; "
      "rel=\"next\"";
  EXPECT_EQ(next_page_url(header),
            "https://huggingface.co/api/models/org/name/tree/"
            "main?recursive=true&expand=false&cursor=ZXlK");
}

TEST(LinkHeader, SeveralLinksAndRelVariants) {
  EXPECT_EQ(parse_link_header(R"(<http://a/1>; rel="prev", <http://a/2>; rel="next")"),
            (Links{{"http://a/1", "prev"}, {"http://a/2", "next"}}));
  EXPECT_EQ(parse_link_header("<http://a/2>;rel=next"), (Links{{"http://a/2", "next"}}));
  EXPECT_EQ(parse_link_header("  < http://a/2 >  ;  REL = \"Next\"  "),
            (Links{{"http://a/2", "next"}}));
  EXPECT_EQ(parse_link_header(R"(<http://a/2>; title="x, y; z"; rel="next")"),
            (Links{{"http://a/2", "next"}}));
  EXPECT_EQ(parse_link_header(R"(<http://a/2>; rel="next last")"),
            (Links{{"http://a/2", "next"}, {"http://a/2", "last"}}));
  EXPECT_EQ(parse_link_header(R"(<http://a/?q=1,2>; rel="next")"),
            (Links{{"http://a/?q=1,2", "next"}}));
  EXPECT_EQ(parse_link_header(R"(<http://a/x>; rel="ti\"tle")"),
            (Links{{"http://a/x", "ti\"tle"}}));
  EXPECT_EQ(next_page_url(
                R"(<http://a/1>; rel="prev", <http://a/2>; rel="next", <http://a/3>; rel="next")"),
            "http://a/2");
}

TEST(LinkHeader, XetLinksOfAResolveAnswer) {
  const auto links = parse_link_header(
      "<http://127.0.0.1:1/api/models/org/name/xet-read-token/abc>; rel=\"xet-auth\", "
      "<http://127.0.0.1:2/v1/reconstructions/def>; rel=\"xet-reconstruction-info\"");
  EXPECT_EQ(links,
            (Links{{"http://127.0.0.1:1/api/models/org/name/xet-read-token/abc", "xet-auth"},
                   {"http://127.0.0.1:2/v1/reconstructions/def", "xet-reconstruction-info"}}));
}

TEST(LinkHeader, NoNextLink) {
  EXPECT_FALSE(next_page_url(""));
  EXPECT_FALSE(next_page_url(R"(<http://a/1>; rel="prev")"));
  EXPECT_FALSE(next_page_url("<http://a/1>"));
  EXPECT_FALSE(next_page_url(R"(<http://a/1>; foo="next")"));
}

TEST(LinkHeader, ANextLinkThatCannotBeFollowedIsAnError) {
  for (const char* header :
       {"</relative?cursor=x>; rel=\"next\"", "<ftp://a/b>; rel=next", "<>; rel=next",
        "<http://a b/>; rel=next", "<javascript:x>; rel=next"}) {
    EXPECT_THROW(next_page_url(header), tf::Error) << header;
  }
}

TEST(LinkHeader, GarbageNeverThrowsAndKeepsWhatParses) {
  for (const char* header : {"<", ">", ";;;", ",,,", "<http://a", "\"", "rel=next",
                             "<http://a>; rel=\"unterminated", "<http://a>; =; ;rel", "\x00\xff"}) {
    EXPECT_NO_THROW(parse_link_header(header)) << header;
  }
  EXPECT_EQ(parse_link_header(R"(garbage, <http://a/2>; rel="next")"),
            (Links{{"http://a/2", "next"}}));
  EXPECT_EQ(parse_link_header(R"(<http://a/1>; rel="unterminated)"),
            (Links{{"http://a/1", "unterminated"}}));
  EXPECT_EQ(parse_link_header("<http://a/1>; rel=\"\""), Links{});
}

}  // namespace
