// The admin API: request log, replacing content, reloading the manifest.
#include <nlohmann/json.hpp>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

using nlohmann::json;

class HubAdmin : public HubTest {};

TEST_F(HubAdmin, RequestLogRecordsWhatClientsSentAndGot) {
  const std::string sha = sha256_hex(main_files.at("weights/model.safetensors"));
  http_get(url("/api/models/org/model/tree/main?recursive=true"), {bearer()});
  http_get(hub.cdn_url() + "/cdn/" + sha, {"Range: bytes=0-99", "If-Range: \"" + sha + "\""});
  HttpOptions head;
  head.method = "HEAD";
  http_request(url("/org/model/resolve/main/config.json"), head);
  const auto log = hub.requests();
  ASSERT_EQ(log.size(), 3u);

  EXPECT_EQ(log[0]["listener"], "hub");
  EXPECT_EQ(log[0]["method"], "GET");
  EXPECT_EQ(log[0]["target"], "/api/models/org/model/tree/main?recursive=true");
  EXPECT_EQ(log[0]["authorization"], HubServer::fingerprint(bearer().substr(15)));
  EXPECT_EQ(log[0]["status"], 200);
  EXPECT_EQ(log[0]["state"], "complete");
  EXPECT_GT(log[0]["body_bytes"], 100);
  EXPECT_TRUE(log[0]["range"].is_null());
  EXPECT_EQ(log[0]["host"], hub.hub_url().substr(7));

  EXPECT_EQ(log[1]["listener"], "cdn");
  EXPECT_EQ(log[1]["range"], "bytes=0-99");
  EXPECT_EQ(log[1]["if_range"], "\"" + sha + "\"");
  EXPECT_EQ(log[1]["status"], 206);
  EXPECT_EQ(log[1]["body_bytes"], 100);
  EXPECT_TRUE(log[1]["authorization"].is_null());

  EXPECT_EQ(log[2]["method"], "HEAD");
  EXPECT_EQ(log[2]["body_bytes"], 0);
  EXPECT_LT(log[0]["seq"], log[1]["seq"]);

  hub.clear_requests();
  EXPECT_EQ(hub.requests().size(), 0u);  // admin requests are not logged either
}

TEST_F(HubAdmin, ReplaceARegularFileMakesANewCommit) {
  const auto answer = hub.replace_object(
      {{"repo", "org/model"}, {"path", "config.json"}, {"content", "{\"v\": 3}\n"}});
  const std::string commit = answer["commit"];
  EXPECT_NE(commit, main_commit);
  EXPECT_EQ(answer["etag"], "\"" + git_blob_oid("{\"v\": 3}\n") + "\"");
  EXPECT_EQ(answer["kind"], "regular");
  const auto now = http_get(url("/org/model/resolve/main/config.json"));
  EXPECT_EQ(now.body, "{\"v\": 3}\n");
  EXPECT_EQ(now.header("etag"), answer["etag"]);
  EXPECT_EQ(now.header("x-repo-commit"), commit);
  // The old commit still serves the old content.
  EXPECT_EQ(http_get(url("/org/model/resolve/" + main_commit + "/config.json")).body,
            main_files.at("config.json"));
  const auto info = json::parse(http_get(url("/api/models/org/model/revision/main")).body);
  EXPECT_EQ(info["sha"], commit);
}

TEST_F(HubAdmin, ReplaceAnLfsFileChangesItsEtagAndCdnObject) {
  const std::string old_sha = sha256_hex(main_files.at("weights/model.safetensors"));
  const auto answer = hub.replace_object({{"repo", "org/model"},
                                          {"path", "weights/model.safetensors"},
                                          {"generate", {{"size", 123456}, {"seed", 9}}},
                                          {"title", "New weights"}});
  EXPECT_EQ(answer["kind"], "lfs");
  EXPECT_EQ(answer["size"], 123456);
  const std::string new_sha = answer["sha256"];
  EXPECT_NE(new_sha, old_sha);
  EXPECT_EQ(answer["etag"], "\"" + new_sha + "\"");
  HttpOptions follow;
  follow.follow_redirects = true;
  const auto r = http_request(url("/org/model/resolve/main/weights/model.safetensors"), follow);
  EXPECT_EQ(r.header("etag"), "\"" + new_sha + "\"");
  EXPECT_EQ(sha256_hex(r.body), new_sha);
  // A resume with If-Range naming the old object gets the whole new one.
  const auto resumed = http_get(hub.cdn_url() + "/cdn/" + new_sha,
                                {"Range: bytes=100-", "If-Range: \"" + old_sha + "\""});
  EXPECT_EQ(resumed.status, 200);
  EXPECT_EQ(resumed.body.size(), 123456u);
  const auto tree =
      json::parse(http_get(url("/api/models/org/model/tree/main/weights?expand=true")).body);
  for (const auto& e : tree) {
    if (e["path"] == "weights/model.safetensors") {
      EXPECT_EQ(e["lastCommit"]["title"], "New weights");
    }
  }
}

TEST_F(HubAdmin, ReplaceWithBase64AddsAFileOnAnotherBranch) {
  const auto answer = hub.replace_object({{"repo", "org/model"},
                                          {"branch", "feature/x"},
                                          {"path", "bin/data.raw"},
                                          {"content_base64", "AAEC/w=="}});
  EXPECT_EQ(answer["size"], 4);
  const auto r = http_get(url("/org/model/resolve/feature%2Fx/bin/data.raw"));
  EXPECT_EQ(r.body, std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(http_get(url("/org/model/resolve/feature%2Fx/fx.txt")).body, "feature\n");
}

TEST_F(HubAdmin, ReplaceErrors) {
  EXPECT_THROW(hub.replace_object({{"repo", "org/none"}, {"path", "a"}, {"content", "x"}}),
               std::runtime_error);
  EXPECT_THROW(hub.replace_object(
                   {{"repo", "org/model"}, {"branch", "nope"}, {"path", "a"}, {"content", "x"}}),
               std::runtime_error);
  EXPECT_THROW(hub.replace_object({{"repo", "org/model"}, {"path", "../a"}, {"content", "x"}}),
               std::runtime_error);
  EXPECT_THROW(hub.replace_object({{"repo", "org/model"}, {"path", "a"}}), std::runtime_error);
  EXPECT_THROW(hub.replace_object({{"repo", "org/model"}, {"path", "a"}, {"content_base64", "!!"}}),
               std::runtime_error);
  EXPECT_THROW(hub.replace_object({{"files_path", "a"}, {"content", "x"}}), std::runtime_error);
}

TEST_F(HubAdmin, GenerateWhileServingIsSeenAfterReload) {
  EXPECT_EQ(http_get(url("/api/models/org/later/revision/main"), {bearer()}).status, 404);
  const auto summary = hub.generate({"--repo", "org/later", "--file", "a.bin=1K"});  // reloads
  const auto info = json::parse(http_get(url("/api/models/org/later/revision/main")).body);
  EXPECT_EQ(info["sha"], summary["commit"]);
}

TEST_F(HubAdmin, AdminErrors) {
  EXPECT_EQ(http_get(url("/_admin/nothing")).status, 404);
  EXPECT_EQ(http_get(url("/_admin/faults/x")).status, 404);
  EXPECT_EQ(http_get(url("/_admin/reload")).status, 405);
  HttpOptions post;
  post.method = "POST";
  post.body = "{nope";
  EXPECT_EQ(http_request(url("/_admin/faults"), post).status, 400);
  EXPECT_EQ(http_get(url("/_admin/requests?wait_idle_ms=soon")).status, 400);
}

}  // namespace
}  // namespace tf::test
