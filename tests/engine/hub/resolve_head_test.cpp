// E4 metadata by get_hf_file_metadata's rules (file_download.py): commit, etag, size, location
// and the Xet fields, from the three answer modes of reference hub-protocol.md.
#include <gtest/gtest.h>

#include "engine/hub/hub_api.hpp"
#include "io/error.hpp"

using namespace tf::engine::hub;
using tf::io::HeaderMap;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kOid = "d7edf6bd2a681fb0175f7735299831ee1b22b812";
const std::string kSha = "403450e234d65943a7dcf7e05a771ce3c92faa84dd07db4ac20f592037a1e4bd";
const std::string kUrl = "http://127.0.0.1:8080/org/name/resolve/main/model.safetensors";

std::string protocol_error(long status, const HeaderMap& headers, const std::string& url = kUrl) {
  try {
    parse_resolve_head(status, headers, url);
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    return e.what();
  }
  ADD_FAILURE() << "accepted";
  return "";
}

TEST(ResolveHead, LfsRedirect) {
  const HeaderMap headers{{"location", "http://127.0.0.2:9000/cdn/" + kSha + "?sig=1"},
                          {"x-linked-size", "1000000"},
                          {"x-linked-etag", "\"" + kSha + "\""},
                          {"etag", "\"" + kOid + "\""},
                          {"content-length", "1234"},
                          {"x-repo-commit", kCommit}};
  const auto file = parse_resolve_head(302, headers, kUrl);
  EXPECT_EQ(file.commit, kCommit);
  EXPECT_EQ(file.etag, kSha);
  EXPECT_EQ(file.size, 1000000u);
  EXPECT_EQ(file.location, "http://127.0.0.2:9000/cdn/" + kSha + "?sig=1");
  EXPECT_FALSE(file.xet_hash);
  EXPECT_FALSE(file.xet_auth_url);
}

TEST(ResolveHead, RegularFileHeadAndProbe) {
  auto file = parse_resolve_head(
      200, {{"etag", "\"" + kOid + "\""}, {"content-length", "519"}, {"x-repo-commit", kCommit}},
      kUrl);
  EXPECT_EQ(file.etag, kOid);
  EXPECT_EQ(file.size, 519u);
  EXPECT_FALSE(file.location);
  // A Range: bytes=0-0 probe: Content-Length is the range's, the total is in Content-Range.
  file = parse_resolve_head(206,
                            {{"etag", "W/\"" + kOid + "\""},
                             {"content-length", "1"},
                             {"content-range", "bytes 0-0/5000"},
                             {"x-repo-commit", kCommit}},
                            kUrl);
  EXPECT_EQ(file.etag, kOid);
  EXPECT_EQ(file.size, 5000u);
}

TEST(ResolveHead, XetFileInfo) {
  const HeaderMap headers{{"x-xet-hash", kSha},
                          {"x-linked-size", "42"},
                          {"x-linked-etag", "\"" + kSha + "\""},
                          {"etag", "\"" + kOid + "\""},
                          {"x-repo-commit", kCommit},
                          {"link", "<http://127.0.0.1:8080/api/models/org/name/xet-read-token/" +
                                       kCommit + ">; rel=\"xet-auth\", </v1/reconstructions/" +
                                       kSha + ">; rel=\"xet-reconstruction-info\""}};
  const auto file = parse_resolve_head(200, headers, kUrl);
  EXPECT_EQ(file.xet_hash, kSha);
  EXPECT_EQ(file.etag, kSha);
  EXPECT_EQ(file.size, 42u);
  EXPECT_EQ(file.xet_auth_url,
            "http://127.0.0.1:8080/api/models/org/name/xet-read-token/" + kCommit);
  EXPECT_EQ(file.xet_reconstruction_url, "http://127.0.0.1:8080/v1/reconstructions/" + kSha);
}

TEST(ResolveHead, XetRefreshRouteHeaderStandsInForTheAuthLink) {
  const auto file =
      parse_resolve_head(302,
                         {{"x-xet-hash", kSha},
                          {"x-linked-size", "42"},
                          {"x-linked-etag", kSha},
                          {"x-repo-commit", kCommit},
                          {"x-xet-refresh-route", "/api/models/org/name/xet-read-token/x"}},
                         kUrl);
  EXPECT_EQ(file.xet_auth_url, "http://127.0.0.1:8080/api/models/org/name/xet-read-token/x");
}

TEST(ResolveHead, RelativeLocationIsResolvedAgainstTheRequest) {
  const auto file = parse_resolve_head(307,
                                       {{"location", "/new-org/name/resolve/main/x?y=1"},
                                        {"x-linked-size", "1"},
                                        {"x-linked-etag", kSha},
                                        {"x-repo-commit", kCommit}},
                                       kUrl);
  EXPECT_EQ(file.location, "http://127.0.0.1:8080/new-org/name/resolve/main/x?y=1");
}

TEST(ResolveHead, EmptyHeadersFallThroughLikePythonsOr) {
  const auto file = parse_resolve_head(200,
                                       {{"x-linked-etag", ""},
                                        {"etag", "\"" + kOid + "\""},
                                        {"x-linked-size", ""},
                                        {"content-length", "7"},
                                        {"x-repo-commit", " " + kCommit + " "}},
                                       kUrl);
  EXPECT_EQ(file.etag, kOid);
  EXPECT_EQ(file.size, 7u);
  EXPECT_EQ(file.commit, kCommit);
}

TEST(ResolveHead, MissingCommitEtagOrSizeIsAProtocolError) {
  const HeaderMap good{
      {"etag", "\"" + kOid + "\""}, {"content-length", "7"}, {"x-repo-commit", kCommit}};
  auto without = [&](const std::string& name) {
    HeaderMap headers = good;
    headers.erase(name);
    return headers;
  };
  EXPECT_NE(protocol_error(200, without("x-repo-commit")).find("X-Repo-Commit"), std::string::npos);
  EXPECT_NE(protocol_error(200, without("etag")).find("ETag"), std::string::npos);
  EXPECT_NE(protocol_error(200, without("content-length")).find("size"), std::string::npos);
  // A redirect's Content-Length is its own body's, not the file's.
  protocol_error(302, {{"etag", kOid},
                       {"content-length", "7"},
                       {"x-repo-commit", kCommit},
                       {"location", "http://x/"}});
  // A compressed answer's Content-Length is not the file's size either.
  protocol_error(200, {{"etag", kOid},
                       {"content-length", "7"},
                       {"content-encoding", "gzip"},
                       {"x-repo-commit", kCommit}});
  EXPECT_NO_THROW(parse_resolve_head(200,
                                     {{"etag", kOid},
                                      {"content-length", "7"},
                                      {"content-encoding", "identity"},
                                      {"x-repo-commit", kCommit}},
                                     kUrl));
}

TEST(ResolveHead, HostileValuesAreRefused) {
  const HeaderMap good{
      {"etag", "\"" + kOid + "\""}, {"content-length", "7"}, {"x-repo-commit", kCommit}};
  auto with = [&](const std::string& name, const std::string& value) {
    HeaderMap headers = good;
    headers[name] = value;
    return headers;
  };
  for (const char* etag :
       {"\"../../x\"", "\"a/b\"", "\".hidden\"", "\"..\"", "\"a\x01\"", "\"\"", "W/\"\""}) {
    protocol_error(200, with("etag", etag));
  }
  protocol_error(200, with("etag", std::string(300, 'a')));
  protocol_error(200, with("x-repo-commit", "main"));
  protocol_error(200, with("x-repo-commit", kCommit + "0"));
  protocol_error(200, with("x-linked-size", "-1"));
  protocol_error(200, with("x-linked-size", "12abc"));
  protocol_error(200, with("x-linked-size", "1125899906842625"));
  protocol_error(206, with("content-range", "bytes 0-0/*"));
  protocol_error(206, with("content-range", "garbage"));
  protocol_error(302, with("location", "file:///etc/passwd"));
  protocol_error(302, with("location", "http://a\r\nInjected: 1"));
  protocol_error(200, with("x-xet-hash", "xyz"));
  protocol_error(200, with("link", "<ftp://x/>; rel=\"xet-auth\""));
  const std::string message = protocol_error(200, with("x-repo-commit", "\x1b[2Jhacked"));
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
}

TEST(ResolveHead, ErrorStatusesAreNotMetadata) {
  const HeaderMap headers{{"etag", kOid}, {"content-length", "7"}, {"x-repo-commit", kCommit}};
  EXPECT_NE(protocol_error(404, headers).find("404"), std::string::npos);
  protocol_error(500, headers);
  protocol_error(100, headers);
}

TEST(ResolveHead, MessagesHideTheQueryOfTheRequest) {
  const std::string message = protocol_error(200, {}, kUrl + "?token=secret");
  EXPECT_EQ(message.find("secret"), std::string::npos);
}

}  // namespace
