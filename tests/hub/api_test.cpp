// E1 repo info, E2 tree listing, E3 paths-info and refs.
#include <set>

#include <nlohmann/json.hpp>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

using nlohmann::json;

class HubApi : public HubTest {};

json get_json(const std::string& url, std::vector<std::string> headers = {}) {
  const auto r = http_get(url, std::move(headers));
  EXPECT_EQ(r.status, 200) << url << " " << r.body;
  return json::parse(r.body);
}

TEST_F(HubApi, RepoInfoForBranchTagCommitAndHead) {
  EXPECT_EQ(get_json(url("/api/models/org/model/revision/main"))["sha"], main_commit);
  EXPECT_EQ(get_json(url("/api/models/org/model/revision/v1"))["sha"], v1_commit);
  EXPECT_EQ(get_json(url("/api/models/org/model/revision/" + v1_commit))["sha"], v1_commit);
  EXPECT_EQ(get_json(url("/api/models/org/model/revision/HEAD"))["sha"], main_commit);
  EXPECT_EQ(get_json(url("/api/models/org/model"))["sha"], main_commit);
}

TEST_F(HubApi, RepoInfoHasTheFieldsClientsRead) {
  const auto info =
      get_json(url("/api/models/org/model/revision/main?expand=private&expand=gated&expand=sha"));
  EXPECT_EQ(info["id"], "org/model");
  EXPECT_EQ(info["private"], false);
  EXPECT_EQ(info["gated"], false);
  EXPECT_TRUE(info["_id"].is_string());
  EXPECT_EQ(info["lastModified"], "2024-01-01T00:01:00.000Z");
  std::set<std::string> siblings;
  for (const auto& s : info["siblings"])
    siblings.insert(s["rfilename"]);
  std::set<std::string> expected;
  for (const auto& [path, unused] : main_files)
    expected.insert(path);
  EXPECT_EQ(siblings, expected);
}

TEST_F(HubApi, RepoInfoWithBlobsGivesSizesAndLfs) {
  const auto info = get_json(url("/api/models/org/model/revision/main?blobs=true"));
  bool seen_lfs = false;
  for (const auto& s : info["siblings"]) {
    EXPECT_EQ(s["size"], main_files.at(s["rfilename"]).size());
    if (s["rfilename"] == "weights/model.safetensors") {
      seen_lfs = true;
      EXPECT_EQ(s["lfs"]["sha256"], sha256_hex(main_files.at("weights/model.safetensors")));
    }
  }
  EXPECT_TRUE(seen_lfs);
}

TEST_F(HubApi, RevisionWithSlashEncodedOrNot) {
  EXPECT_EQ(get_json(url("/api/models/org/model/revision/feature%2Fx"))["sha"], feature_commit);
  EXPECT_EQ(get_json(url("/api/models/org/model/revision/feature/x"))["sha"], feature_commit);
}

TEST_F(HubApi, UnknownRevisionIsRevisionNotFound) {
  const auto r = http_get(url("/api/models/org/model/revision/nope"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("x-error-code"), "RevisionNotFound");
  EXPECT_TRUE(json::parse(r.body).contains("error"));
}

TEST_F(HubApi, UnknownRepoIsRepoNotFound) {
  const auto anonymous = http_get(url("/api/models/org/missing/revision/main"));
  EXPECT_EQ(anonymous.status, 401);  // anonymous callers may not learn what exists
  EXPECT_EQ(anonymous.header("x-error-code"), "RepoNotFound");
  const auto authenticated = http_get(url("/api/models/org/missing/revision/main"), {bearer()});
  EXPECT_EQ(authenticated.status, 404);
  EXPECT_EQ(authenticated.header("x-error-code"), "RepoNotFound");
  // A model is not a dataset.
  EXPECT_EQ(http_get(url("/api/datasets/org/model/revision/main"), {bearer()}).status, 404);
}

TEST_F(HubApi, DatasetsAndSpacesHaveTheirOwnRoutes) {
  hub.generate({"--repo", "org/data", "--type", "dataset", "--file", "train.parquet=10K"});
  hub.generate({"--repo", "org/app", "--type", "space", "--file", "app.py=1K"});
  EXPECT_EQ(get_json(url("/api/datasets/org/data/revision/main"))["id"], "org/data");
  EXPECT_EQ(get_json(url("/api/spaces/org/app/revision/main"))["sdk"], "static");
  const auto tree = get_json(url("/api/datasets/org/data/tree/main?recursive=true"));
  EXPECT_EQ(tree.size(), 3u);  // train.parquet, config.json, README.md
  const auto r = http_get(url("/datasets/org/data/resolve/main/train.parquet"));
  EXPECT_EQ(r.status, 302);
  EXPECT_EQ(http_get(url("/spaces/org/app/resolve/main/app.py")).body.size(), 1024u);
}

TEST_F(HubApi, TreeListsRootChildrenOrEverything) {
  std::set<std::string> top;
  for (const auto& e : get_json(url("/api/models/org/model/tree/main")))
    top.insert(std::string(e["type"]) + ":" + std::string(e["path"]));
  EXPECT_EQ(top, (std::set<std::string>{"file:README.md", "file:config.json", "file:extra.txt",
                                        "directory:docs", "directory:weights"}));
  std::set<std::string> all;
  for (const auto& e : get_json(url("/api/models/org/model/tree/main?recursive=true&expand=false")))
    all.insert(e["path"]);
  EXPECT_EQ(all.size(), main_files.size() + 3);  // + docs, docs/guide, weights
  EXPECT_TRUE(all.count("docs/guide"));
}

TEST_F(HubApi, TreeEntriesCarryOidsSizesAndLfs) {
  const auto entries = get_json(url("/api/models/org/model/tree/main/weights"));
  ASSERT_EQ(entries.size(), 3u);
  for (const auto& e : entries) {
    const std::string& content = main_files.at(e["path"]);
    EXPECT_EQ(e["type"], "file");
    EXPECT_EQ(e["size"], content.size());
    if (e["path"] == "weights/small.dat") {
      EXPECT_FALSE(e.contains("lfs"));
      EXPECT_EQ(e["oid"], git_blob_oid(content));
    } else {
      ASSERT_TRUE(e.contains("lfs")) << e.dump();
      EXPECT_EQ(e["lfs"]["oid"], sha256_hex(content));
      EXPECT_EQ(e["lfs"]["size"], content.size());
      EXPECT_GT(e["lfs"]["pointerSize"], 100);
    }
  }
}

TEST_F(HubApi, TreeExpandAddsLastCommitAndSecurityStatus) {
  const auto entries = get_json(url("/api/models/org/model/tree/main?recursive=true&expand=true"));
  for (const auto& e : entries) {
    ASSERT_TRUE(e.contains("lastCommit")) << e.dump();
    const std::string path = e["path"];
    // Files changed or added by the second commit point to it, the others to the first.
    const bool changed = path == "config.json" || path == "extra.txt";
    EXPECT_EQ(e["lastCommit"]["id"], changed ? main_commit : v1_commit) << path;
    EXPECT_EQ(e["lastCommit"]["title"], changed ? "Second" : "First") << path;
    if (e["type"] == "file") {
      EXPECT_EQ(e["securityFileStatus"]["status"], "safe");
    }
  }
}

TEST_F(HubApi, TreePaginatesWithAnAbsoluteLinkHeader) {
  HubServer::Options options;
  options.page_size = 5;
  HubServer small_pages(options);
  small_pages.generate({"--repo", "org/many", "--shape", "23x100", "--no-config-files"});
  small_pages.start();
  std::string next =
      small_pages.hub_url() + "/api/models/org/many/tree/main?recursive=true&expand=false";
  std::set<std::string> paths;
  int pages = 0;
  while (!next.empty() && pages < 20) {
    const auto r = http_get(next);
    ASSERT_EQ(r.status, 200);
    ++pages;
    for (const auto& e : json::parse(r.body))
      paths.insert(e["path"]);
    next.clear();
    if (const auto link = r.header("link")) {
      // The format @huggingface/hub parses: <https?://...>; rel="next"
      ASSERT_EQ(link->rfind("<http://127.0.0.1:", 0), 0u) << *link;
      ASSERT_NE(link->find(">; rel=\"next\""), std::string::npos) << *link;
      EXPECT_NE(link->find("recursive=true"), std::string::npos);
      next = link->substr(1, link->find('>') - 1);
    }
  }
  EXPECT_EQ(pages, 5);  // 23 files + 1 directory, 5 per page
  EXPECT_EQ(paths.size(), 24u);
}

TEST_F(HubApi, TreeErrors) {
  EXPECT_EQ(http_get(url("/api/models/org/model/tree/main?cursor=x")).status, 400);
  EXPECT_EQ(http_get(url("/api/models/org/model/tree/main?cursor=999")).status, 400);
  EXPECT_EQ(http_get(url("/api/models/org/model/tree/main?recursive=maybe")).status, 400);
  const auto file = http_get(url("/api/models/org/model/tree/main/config.json"));
  EXPECT_EQ(file.status, 404);
  EXPECT_EQ(file.header("x-error-code"), "EntryNotFound");
  EXPECT_EQ(http_get(url("/api/models/org/model/tree/nope")).header("x-error-code"),
            "RevisionNotFound");
  EXPECT_EQ(http_get(url("/api/models/org/model/tree/main/%2e%2e")).status, 400);
}

TEST_F(HubApi, PathsInfoWithJsonBody) {
  HttpOptions post;
  post.method = "POST";
  post.headers = {"Content-Type: application/json", "Accept: application/json"};
  post.body =
      R"({"paths":["config.json","weights/model.safetensors","docs","missing"],"expand":true})";
  const auto r = http_request(url("/api/models/org/model/paths-info/main"), post);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto entries = json::parse(r.body);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0]["path"], "config.json");
  EXPECT_EQ(entries[0]["lastCommit"]["id"], main_commit);
  EXPECT_EQ(entries[1]["lfs"]["oid"], sha256_hex(main_files.at("weights/model.safetensors")));
  EXPECT_EQ(entries[1]["lastCommit"]["id"], v1_commit);
  EXPECT_EQ(entries[1]["securityFileStatus"]["status"], "safe");
  EXPECT_EQ(entries[2]["type"], "directory");
}

TEST_F(HubApi, PathsInfoWithFormBodyAndEncodedRevision) {
  HttpOptions post;
  post.method = "POST";
  post.headers = {"Content-Type: application/x-www-form-urlencoded"};
  post.body = "paths=fx.txt&paths=nothing&expand=True";
  const auto r = http_request(url("/api/models/org/model/paths-info/feature%2Fx"), post);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto entries = json::parse(r.body);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["lastCommit"]["id"], feature_commit);
}

TEST_F(HubApi, PathsInfoErrors) {
  HttpOptions post;
  post.method = "POST";
  post.headers = {"Content-Type: application/json"};
  for (const std::string body : {"not json", "[]", R"({"paths": 3})", R"({"paths":[1]})",
                                 R"({"expand": true})", R"({"paths":[], "expand":"yes"})"}) {
    post.body = body;
    EXPECT_EQ(http_request(url("/api/models/org/model/paths-info/main"), post).status, 400) << body;
  }
  post.body = R"({"paths":[]})";
  const auto none = http_request(url("/api/models/org/model/paths-info/main"), post);
  EXPECT_EQ(none.status, 200);
  EXPECT_EQ(none.body, "[]");
  EXPECT_EQ(http_get(url("/api/models/org/model/paths-info/main")).status, 405);
  EXPECT_EQ(http_request(url("/api/models/org/model/paths-info/nope"), post).header("x-error-code"),
            "RevisionNotFound");
}

TEST_F(HubApi, RefsListBranchesAndTags) {
  const auto refs = get_json(url("/api/models/org/model/refs"));
  ASSERT_EQ(refs["branches"].size(), 2u);
  EXPECT_EQ(refs["branches"][0]["name"], "feature/x");
  EXPECT_EQ(refs["branches"][1]["targetCommit"], main_commit);
  ASSERT_EQ(refs["tags"].size(), 1u);
  EXPECT_EQ(refs["tags"][0]["ref"], "refs/tags/v1");
  EXPECT_EQ(refs["tags"][0]["targetCommit"], v1_commit);
}

TEST_F(HubApi, UnknownRoutesAreNotFound) {
  EXPECT_EQ(http_get(url("/")).status, 404);
  EXPECT_EQ(http_get(url("/api/models/org")).status, 404);
  EXPECT_EQ(http_get(url("/api/widgets/org/model")).status, 404);
  EXPECT_EQ(http_get(url("/api/models/org/model/unknown")).status, 404);
  EXPECT_EQ(http_get(url("/org/model/blob/main/config.json")).status, 404);
  EXPECT_EQ(http_get(url("/cdn/" + std::string(64, 'a'))).status, 404);  // the CDN is elsewhere
}

}  // namespace
}  // namespace tf::test
