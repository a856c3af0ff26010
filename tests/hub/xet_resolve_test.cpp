// Xet on the hub listener: xetHash in E2 and E3, the two Xet answers of /resolve/ (E4), and the
// Xet read token (E5) with the repo's access rules.
#include <chrono>

#include "engine/xet/file_to_xorbs.hpp"
#include "hub/xet_fixture.hpp"

namespace tf::test {
namespace {

using nlohmann::json;

class HubXetResolve : public HubXetTest {
 protected:
  std::string link_header() const {
    return "<" + hub.hub_url() + "/api/models/org/xet/xet-read-token/" + commit +
           ">; rel=\"xet-auth\", <" + hub.hub_url() + "/cas/v1/reconstructions/" + model_xet_hash +
           ">; rel=\"xet-reconstruction-info\"";
  }
};

// The Xet hash of `bytes` as engine/xet computes it, independently of what the hub stored.
std::string xet_file_hash(const std::string& bytes) {
  xet::ChunkIndex index;
  xet::FileToXorbs writer(index, [](xet::BuiltXorb&&) {});
  writer.feed({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return writer.finish().file_hash.hex();
}

TEST_F(HubXetResolve, TreeEntriesOfXetFilesCarryTheXetHash) {
  const auto entry = tree_entry("model.safetensors");
  EXPECT_EQ(entry.at("lfs").at("oid"), sha256_hex(model_bytes));
  EXPECT_EQ(entry.at("xetHash"), xet_file_hash(model_bytes));
  EXPECT_EQ(tree_entry("empty.bin").at("xetHash"), std::string(64, '0'));  // the empty file
  EXPECT_FALSE(tree_entry("config.json").contains("xetHash"));
  EXPECT_FALSE(tree_entry("config.json").contains("lfs"));
}

TEST_F(HubXetResolve, PathsInfoCarriesTheXetHash) {
  HttpOptions post;
  post.method = "POST";
  post.headers = {"Content-Type: application/json"};
  post.body = R"({"paths":["model.safetensors","config.json"],"expand":true})";
  const auto r = http_request(url("/api/models/org/xet/paths-info/main"), post);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto entries = json::parse(r.body);
  ASSERT_EQ(entries.size(), 2u);
  for (const auto& entry : entries) {
    if (entry.at("path") == "model.safetensors") {
      EXPECT_EQ(entry.at("xetHash"), model_xet_hash);
    } else {
      EXPECT_FALSE(entry.contains("xetHash")) << entry.dump();
    }
  }
}

TEST_F(HubXetResolve, XetAcceptGivesFileInfoWithLinks) {
  const auto r = http_get(url("/org/xet/resolve/main/model.safetensors"),
                          {"Range: bytes=0-0", "Accept: application/vnd.xet-fileinfo+json, */*"});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/vnd.xet-fileinfo+json");
  EXPECT_EQ(r.header("x-xet-hash"), model_xet_hash);
  EXPECT_EQ(r.header("x-linked-size"), std::to_string(kModelSize));
  EXPECT_EQ(r.header("x-linked-etag"), "\"" + model_sha256 + "\"");
  EXPECT_EQ(r.header("etag"),
            "\"" + tree_entry("model.safetensors").at("oid").get<std::string>() + "\"");
  EXPECT_EQ(r.header("x-repo-commit"), commit);
  EXPECT_EQ(r.header("link"), link_header());
  const auto body = json::parse(r.body);
  EXPECT_EQ(body.at("hash"), model_xet_hash);
  EXPECT_EQ(body.at("size"), kModelSize);
  EXPECT_EQ(body.at("etag"), model_sha256);

  HttpOptions head;
  head.method = "HEAD";
  head.headers = {"Accept: application/vnd.xet-fileinfo+json"};
  const auto h = http_request(url("/org/xet/resolve/main/model.safetensors"), head);
  EXPECT_EQ(h.status, 200);
  EXPECT_TRUE(h.body.empty());
  EXPECT_EQ(h.header("x-xet-hash"), model_xet_hash);
  EXPECT_EQ(h.header("link"), link_header());
}

TEST_F(HubXetResolve, WithoutXetAcceptRedirectsToPlainBytesWithXetHeaders) {
  for (const std::string method : {"GET", "HEAD"}) {
    HttpOptions options;
    options.method = method;
    const auto r = http_request(url("/org/xet/resolve/main/model.safetensors"), options);
    ASSERT_EQ(r.status, 302) << method;
    EXPECT_EQ(r.header("location"), hub.cdn_url() + "/cdn/" + model_sha256);
    EXPECT_EQ(r.header("x-xet-hash"), model_xet_hash);
    EXPECT_EQ(r.header("link"), link_header());
    EXPECT_EQ(r.header("x-linked-etag"), "\"" + model_sha256 + "\"");
  }
  HttpOptions follow;
  follow.follow_redirects = true;
  EXPECT_EQ(http_request(url("/org/xet/resolve/main/model.safetensors"), follow).body, model_bytes);
  // /raw/ is still the LFS pointer, whatever Accept says.
  const auto raw = http_get(url("/org/xet/raw/main/model.safetensors"),
                            {"Accept: application/vnd.xet-fileinfo+json"});
  EXPECT_EQ(raw.status, 200);
  EXPECT_NE(raw.body.find("oid sha256:" + model_sha256), std::string::npos);
}

TEST_F(HubXetResolve, ReadTokenForAPublicRepo) {
  const auto before = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  const auto r = http_get(url("/api/models/org/xet/xet-read-token/" + commit));
  ASSERT_EQ(r.status, 200) << r.body;
  const auto body = json::parse(r.body);
  const std::string token = body.at("accessToken");
  EXPECT_EQ(token.rfind("xet_", 0), 0u);
  EXPECT_GE(body.at("exp").get<int64_t>(), before + 3600);
  EXPECT_LE(body.at("exp").get<int64_t>(), before + 3602);
  EXPECT_EQ(body.at("casUrl"), hub.hub_url() + "/cas");
  EXPECT_EQ(r.header("x-xet-cas-url"), hub.hub_url() + "/cas");
  EXPECT_EQ(r.header("x-xet-access-token"), token);
  EXPECT_EQ(r.header("x-xet-token-expiration"), std::to_string(body.at("exp").get<int64_t>()));
  // Tokens are random: a second one differs.
  EXPECT_NE(
      json::parse(http_get(url("/api/models/org/xet/xet-read-token/main")).body).at("accessToken"),
      token);
}

TEST_F(HubXetResolve, ReadTokenFollowsTheRepoAccessRules) {
  const std::string path = "/xet-read-token/main";
  auto r = http_get(url("/api/models/org/private" + path));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("x-error-code"), "RepoNotFound");
  EXPECT_EQ(http_get(url("/api/models/org/private" + path), {bearer()}).status, 200);
  r = http_get(url("/api/models/org/xet" + path), {bearer("hf_not_a_valid_token")});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.header("x-error-message"), "Invalid credentials in Authorization header");
  r = http_get(url("/api/models/org/gated" + path), {bearer()});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.header("x-error-code"), "GatedRepo");
  EXPECT_EQ(http_get(url("/api/models/org/gated" + path)).status, 401);
  r = http_get(url("/api/models/org/xet/xet-read-token/no-such-branch"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("x-error-code"), "RevisionNotFound");
  EXPECT_EQ(http_get(url("/api/models/org/missing" + path), {bearer()}).status, 404);
  EXPECT_EQ(http_get(url("/api/datasets/org/xet" + path), {bearer()}).status, 404);
}

TEST_F(HubXetResolve, XetTokenIsNoHubToken) {
  const std::string token = xet_read_token(hub, "org/xet");
  const auto r = http_get(url("/api/models/org/private"), {bearer(token)});
  EXPECT_EQ(r.status, 401);
}

}  // namespace
}  // namespace tf::test
