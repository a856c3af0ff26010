// E4: /resolve/ and /raw/ for regular, LFS and Xet files, and their errors.
#include <nlohmann/json.hpp>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

class HubResolve : public HubTest {};

TEST_F(HubResolve, RegularFileWholeBody) {
  const auto r = http_get(url("/org/model/resolve/main/config.json"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, main_files.at("config.json"));
  EXPECT_EQ(r.header("etag"), "\"" + git_blob_oid(main_files.at("config.json")) + "\"");
  EXPECT_EQ(r.header("x-repo-commit"), main_commit);
  EXPECT_EQ(r.header("content-length"), std::to_string(main_files.at("config.json").size()));
  EXPECT_EQ(r.header("accept-ranges"), "bytes");
}

TEST_F(HubResolve, RegularFileProbeAsAtHuggingfaceHubDoes) {
  const auto r = http_get(url("/org/model/resolve/main/weights/small.dat"),
                          {"Range: bytes=0-0", "Accept: application/vnd.xet-fileinfo+json, */*"});
  ASSERT_EQ(r.status, 206);
  EXPECT_EQ(r.body, main_files.at("weights/small.dat").substr(0, 1));
  EXPECT_EQ(r.header("content-range"), "bytes 0-0/5000");
  EXPECT_EQ(r.header("x-repo-commit"), main_commit);
  EXPECT_TRUE(r.header("etag").has_value());
}

TEST_F(HubResolve, HeadGivesTheHeadersWithoutBody) {
  HttpOptions head;
  head.method = "HEAD";
  const auto r = http_request(url("/org/model/resolve/main/weights/small.dat"), head);
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(r.header("content-length"), "5000");
  EXPECT_EQ(r.header("x-repo-commit"), main_commit);
}

TEST_F(HubResolve, LfsFileRedirectsToTheCdnHost) {
  const std::string& content = main_files.at("weights/model.safetensors");
  const auto r = http_get(url("/org/model/resolve/main/weights/model.safetensors"), {bearer()});
  ASSERT_EQ(r.status, 302);
  const std::string sha = sha256_hex(content);
  EXPECT_EQ(r.header("location"), hub.cdn_url() + "/cdn/" + sha);
  EXPECT_EQ(r.header("location")->rfind("http://127.0.0.2:", 0), 0u);  // another host
  EXPECT_EQ(r.header("x-linked-size"), std::to_string(content.size()));
  EXPECT_EQ(r.header("x-linked-etag"), "\"" + sha + "\"");
  EXPECT_EQ(r.header("x-repo-commit"), main_commit);

  HttpOptions follow;
  follow.follow_redirects = true;
  follow.headers = {bearer()};
  const auto body = http_request(url("/org/model/resolve/main/weights/model.safetensors"), follow);
  ASSERT_EQ(body.status, 200);
  EXPECT_EQ(body.body, content);
  EXPECT_EQ(body.header("etag"), "\"" + sha + "\"");
  // libcurl drops Authorization when a redirect changes host; the log shows what arrived.
  const auto log = hub.requests();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[2]["listener"], "cdn");
  EXPECT_TRUE(log[2]["authorization"].is_null());
  EXPECT_EQ(log[1]["authorization"], HubServer::fingerprint(bearer().substr(15)));
}

TEST_F(HubResolve, HeadOnLfsFileGivesTheMetadataOnThe302) {
  HttpOptions head;
  head.method = "HEAD";
  head.headers = {"Accept-Encoding: identity"};
  const auto r = http_request(url("/org/model/resolve/main/weights/shard.dat"), head);
  ASSERT_EQ(r.status, 302);
  EXPECT_EQ(r.header("x-linked-size"), "262144");
  EXPECT_EQ(r.header("x-linked-etag"),
            "\"" + sha256_hex(main_files.at("weights/shard.dat")) + "\"");
  EXPECT_EQ(r.header("x-repo-commit"), main_commit);
}

TEST_F(HubResolve, RawGivesTheLfsPointer) {
  const std::string& content = main_files.at("weights/model.safetensors");
  const auto r = http_get(url("/org/model/raw/main/weights/model.safetensors"));
  ASSERT_EQ(r.status, 200);
  const std::string pointer =
      "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256_hex(content) + "\nsize " +
      std::to_string(content.size()) + "\n";
  EXPECT_EQ(r.body, pointer);
  EXPECT_EQ(r.header("etag"), "\"" + git_blob_oid(pointer) + "\"");
  EXPECT_EQ(http_get(url("/org/model/raw/main/README.md")).body, main_files.at("README.md"));
}

// Clients that do not ask for Xet file info get Xet files the LFS way (xet_*_test.cpp test the
// Xet way).
TEST_F(HubResolve, XetFilesWithoutXetAcceptAreServedLikeLfsFiles) {
  hub.generate({"--repo", "org/xet", "--file", "model.safetensors=70K", "--xet"});
  const auto tree = nlohmann::json::parse(http_get(url("/api/models/org/xet/tree/main")).body);
  for (const auto& entry : tree) {
    if (entry["path"] == "model.safetensors") {
      EXPECT_TRUE(entry.contains("lfs"));
    }
  }
  const auto r = http_get(url("/org/xet/resolve/main/model.safetensors"), {"Accept: */*"});
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(r.header("x-linked-size"), "71680");
  HttpOptions follow;
  follow.follow_redirects = true;
  EXPECT_EQ(http_request(url("/org/xet/resolve/main/model.safetensors"), follow).body.size(),
            71680u);
}

TEST_F(HubResolve, OlderRevisionsByTagAndCommit) {
  EXPECT_EQ(http_get(url("/org/model/resolve/v1/config.json")).body, v1_files.at("config.json"));
  const auto r = http_get(url("/org/model/resolve/" + v1_commit + "/config.json"));
  EXPECT_EQ(r.body, v1_files.at("config.json"));
  EXPECT_EQ(r.header("x-repo-commit"), v1_commit);
  EXPECT_EQ(http_get(url("/org/model/resolve/feature%2Fx/fx.txt")).body, "feature\n");
  EXPECT_EQ(http_get(url("/org/model/resolve/feature/x/fx.txt")).body, "feature\n");
}

TEST_F(HubResolve, MissingFileIsEntryNotFoundWithTheCommit) {
  for (const std::string path : {"nothing.txt", "docs", "docs/guide", "extra.txt/x"}) {
    const auto r = http_get(url("/org/model/resolve/main/" + path));
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.header("x-error-code"), "EntryNotFound") << path;
    EXPECT_EQ(r.header("x-repo-commit"), main_commit) << path;
  }
  // extra.txt did not exist at v1.
  const auto r = http_get(url("/org/model/resolve/v1/extra.txt"));
  EXPECT_EQ(r.header("x-error-code"), "EntryNotFound");
  EXPECT_EQ(r.header("x-repo-commit"), v1_commit);
}

TEST_F(HubResolve, MissingRevisionAndRepo) {
  const auto rev = http_get(url("/org/model/resolve/nope/config.json"));
  EXPECT_EQ(rev.status, 404);
  EXPECT_EQ(rev.header("x-error-code"), "RevisionNotFound");
  const auto repo = http_get(url("/org/nope/resolve/main/config.json"), {bearer()});
  EXPECT_EQ(repo.status, 404);
  EXPECT_EQ(repo.header("x-error-code"), "RepoNotFound");
}

TEST_F(HubResolve, OnlyGetAndHead) {
  HttpOptions post;
  post.method = "POST";
  post.body = "x";
  const auto r = http_request(url("/org/model/resolve/main/config.json"), post);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET, HEAD");
}

TEST_F(HubResolve, TraversalInRepoPathsIsRejected) {
  for (const std::string path :
       {"../model/config.json", "weights/../config.json", "%2e%2e/x", "weights%2f..%2fconfig.json",
        "weights/%2E/small.dat", "a%5c..%5cconfig.json", "config.json%00", "/config.json"}) {
    const auto r = http_get(url("/org/model/resolve/main/" + path));
    EXPECT_TRUE(r.status == 400 || r.status == 404) << path << " " << r.status;
    EXPECT_NE(r.body, main_files.at("config.json")) << path;
  }
}

}  // namespace
}  // namespace tf::test
