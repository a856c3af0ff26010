// Tokens, private and gated repos.
#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

constexpr const char* kGranted = "hf_granted_token";
constexpr const char* kOther = "hf_other_token";

class HubAuth : public ::testing::Test {
 protected:
  void SetUp() override {
    hub.generate({"--repo", "org/public", "--file", "model.safetensors=20K"});
    hub.generate({"--repo", "org/secret", "--private", "--file", "model.safetensors=20K", "--file",
                  "notes.txt=100"});
    hub.generate({"--repo", "org/gated", "--gated", "--grant", kGranted, "--file",
                  "model.safetensors=20K", "--file", "notes.txt=100"});
    hub.start();
  }
  static HubServer::Options options() {
    HubServer::Options o;
    o.tokens = {HubServer::kToken, kGranted, kOther};
    return o;
  }
  std::string url(const std::string& path) const { return hub.hub_url() + path; }
  static std::string bearer(const std::string& token) { return "Authorization: Bearer " + token; }

  HubServer hub{options()};
};

TEST_F(HubAuth, UnknownTokenIsInvalidCredentialsEvenOnPublicRepos) {
  for (const std::string& header :
       {bearer("hf_unknown"), std::string("Authorization: Basic eDp5"),
        std::string("Authorization: Bearer "), std::string("Authorization: hf_x")}) {
    const auto r = http_get(url("/api/models/org/public/revision/main"), {header});
    EXPECT_EQ(r.status, 401) << header;
    EXPECT_EQ(r.header("x-error-message"), "Invalid credentials in Authorization header");
    EXPECT_FALSE(r.header("x-error-code").has_value());
  }
  EXPECT_EQ(http_get(url("/api/models/org/public/revision/main"), {bearer(kOther)}).status, 200);
  EXPECT_EQ(http_get(url("/api/models/org/public/revision/main")).status, 200);
}

// git and git-lfs send the token as the password of HTTP Basic credentials, as the Hub takes it.
TEST_F(HubAuth, BasicCredentialsCarryTheTokenAsPassword) {
  const auto basic = [](const std::string& credentials) {
    std::string encoded(4 * ((credentials.size() + 2) / 3), '\0');
    EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                    reinterpret_cast<const unsigned char*>(credentials.data()),
                    static_cast<int>(credentials.size()));
    return "Authorization: Basic " + encoded;
  };
  const std::string path = "/api/models/org/secret/revision/main";
  EXPECT_EQ(http_get(url(path), {basic(std::string("anyone:") + kOther)}).status, 200);
  EXPECT_EQ(http_get(url(path), {basic(std::string(":") + kOther)}).status, 200);
  EXPECT_EQ(http_get(url(path), {basic("anyone:hf_unknown")}).status, 401);
  EXPECT_EQ(http_get(url(path), {basic(kOther)}).status, 401);  // no ':' at all
  EXPECT_EQ(http_get(url(path), {"Authorization: Basic !!!"}).status, 401);
}

TEST_F(HubAuth, PrivateRepoNeedsAValidToken) {
  for (const std::string path :
       {"/api/models/org/secret/revision/main", "/api/models/org/secret/tree/main",
        "/org/secret/resolve/main/notes.txt"}) {
    const auto anonymous = http_get(url(path));
    EXPECT_EQ(anonymous.status, 401) << path;
    EXPECT_EQ(anonymous.header("x-error-code"), "RepoNotFound") << path;
    EXPECT_EQ(http_get(url(path), {bearer(kOther)}).status, 200) << path;
  }
  const auto info = nlohmann::json::parse(
      http_get(url("/api/models/org/secret/revision/main"), {bearer(kOther)}).body);
  EXPECT_EQ(info["private"], true);
}

TEST_F(HubAuth, PrivateRepoLfsDownloadThroughTheCdn) {
  HttpOptions follow;
  follow.follow_redirects = true;
  follow.headers = {bearer(HubServer::kToken)};
  const auto r = http_request(url("/org/secret/resolve/main/model.safetensors"), follow);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body.size(), 20480u);
}

TEST_F(HubAuth, GatedRepoMetadataIsPublicFilesNeedAGrant) {
  const auto info =
      nlohmann::json::parse(http_get(url("/api/models/org/gated/revision/main")).body);
  EXPECT_EQ(info["gated"], "manual");
  EXPECT_EQ(http_get(url("/api/models/org/gated/tree/main")).status, 200);

  for (const std::string file : {"notes.txt", "model.safetensors"}) {
    const auto anonymous = http_get(url("/org/gated/resolve/main/" + file));
    EXPECT_EQ(anonymous.status, 401) << file;
    EXPECT_EQ(anonymous.header("x-error-code"), "GatedRepo") << file;
    const auto other = http_get(url("/org/gated/resolve/main/" + file), {bearer(kOther)});
    EXPECT_EQ(other.status, 403) << file;
    EXPECT_EQ(other.header("x-error-code"), "GatedRepo") << file;
    EXPECT_NE(other.header("x-error-message").value_or("").find("org/gated"), std::string::npos);
  }
  EXPECT_EQ(http_get(url("/org/gated/resolve/main/notes.txt"), {bearer(kGranted)}).status, 200);
  EXPECT_EQ(http_get(url("/org/gated/resolve/main/model.safetensors"), {bearer(kGranted)}).status,
            302);
}

TEST_F(HubAuth, TheLogKeepsAFingerprintNeverTheToken) {
  http_get(url("/api/models/org/public/revision/main"), {bearer(kGranted)});
  http_get(url("/api/models/org/public/revision/main"), {bearer("hf_wrong_secret")});
  const auto log = hub.requests();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0]["authorization"], HubServer::fingerprint(std::string("Bearer ") + kGranted));
  EXPECT_EQ(log[1]["authorization"], HubServer::fingerprint("Bearer hf_wrong_secret"));
  EXPECT_EQ(log[1]["status"], 401);
  const std::string dump = log.dump();
  EXPECT_EQ(dump.find(kGranted), std::string::npos);
  EXPECT_EQ(dump.find("hf_wrong_secret"), std::string::npos);
}

}  // namespace
}  // namespace tf::test
