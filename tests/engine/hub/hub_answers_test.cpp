// The parsers against real answers: the stand-in hub (tools/hub, on 127.0.0.1) serves E1-E4 as
// the Hub does, and every listed file's metadata must agree with its bytes and its /resolve/.
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/hub/hub_api.hpp"
#include "engine/hub/hub_errors.hpp"
#include "engine/hub/hub_urls.hpp"
#include "hub_http.hpp"
#include "support/http_client.hpp"
#include "support/hub_server.hpp"
#include "support/test_support.hpp"

using namespace tf::engine::hub;
using tf::test::hub_request;
using tf::test::HubServer;

namespace {

constexpr const char* kGrantedToken = "hf_granted_for_the_gated_repo";
constexpr size_t kMaxPages = 50;  // bounds the pagination loop

std::string bytes_of(size_t size, uint64_t seed) {
  const auto bytes = tf::test::random_bytes(size, seed);
  return {bytes.begin(), bytes.end()};
}

HubServer::Options server_options() {
  HubServer::Options options;
  options.tokens = {HubServer::kToken, kGrantedToken};
  options.page_size = 3;
  return options;
}

class HubAnswers : public ::testing::Test {
 protected:
  void SetUp() override {
    files = {{"config.json", "{\"model_type\": \"t\"}\n"},
             {"README.md", "# model\n"},
             {"docs/guide/notes.txt", "notes\n"},
             {"a b/é.txt", "unicode and a space\n"},
             {"weights/model.safetensors", bytes_of(300'000, 1)},
             {"weights/big.dat", bytes_of(262'144, 2)}};
    for (int i = 0; i < 7; ++i)
      files["data/part-" + std::to_string(i) + ".txt"] = "part " + std::to_string(i) + "\n";
    commit = hub.add_folder({"--repo", "org/model", "--from", folder("main", files),
                             "--lfs-threshold", "256K"})
                 .at("commit");
    feature_commit = hub.add_folder({"--repo", "org/model", "--branch", "feature/x", "--from",
                                     folder("fx", {{"fx.txt", "feature\n"}})})
                         .at("commit");
    hub.add_folder(
        {"--repo", "org/private", "--private", "--from", folder("p", {{"s.txt", "s\n"}})});
    hub.add_folder({"--repo", "org/gated", "--gated", "--grant", kGrantedToken, "--from",
                    folder("g", {{"g.txt", "g\n"}})});
    hub.start();
  }

  std::string folder(const std::string& name, const std::map<std::string, std::string>& content) {
    const auto root = sources.path() / name;
    for (const auto& [path, bytes] : content) {
      std::filesystem::create_directories((root / path).parent_path());
      tf::test::write_file(root / path, {bytes.begin(), bytes.end()});
    }
    return root.string();
  }

  static std::string bearer(const std::string& token) { return "Authorization: Bearer " + token; }

  // Follows the Link headers from the first page to the last.
  TreePage list_tree(const std::string& revision, const std::string& path, size_t& pages) {
    TreePage all;
    std::optional<std::string> url = tree_url(hub.hub_url(), model, revision, path);
    for (pages = 0; url && pages < kMaxPages; ++pages) {
      const auto answer = hub_request("GET", *url, {"Accept: application/json"});
      EXPECT_EQ(answer.status, 200) << answer.body;
      const TreePage page = parse_tree_page(answer.body);
      all.files.insert(all.files.end(), page.files.begin(), page.files.end());
      all.directories.insert(all.directories.end(), page.directories.begin(),
                             page.directories.end());
      const auto link = tf::io::find_header(answer.headers, "link");
      url = link ? next_page_url(*link) : std::nullopt;
    }
    EXPECT_FALSE(url) << "more than " << kMaxPages << " pages";
    return all;
  }

  tf::test::TempDir sources;
  HubServer hub{server_options()};
  const RepoId model{RepoType::model, "org/model"};
  std::map<std::string, std::string> files;
  std::string commit;
  std::string feature_commit;
};

TEST_F(HubAnswers, RepoInfoGivesTheRevisionsCommit) {
  auto answer = hub_request("GET", repo_info_url(hub.hub_url(), model, "main"));
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(parse_repo_info(answer.body).commit, commit);
  answer = hub_request("GET", repo_info_url(hub.hub_url(), model, "feature/x"));
  ASSERT_EQ(answer.status, 200) << "feature%2Fx";
  EXPECT_EQ(parse_repo_info(answer.body).commit, feature_commit);
  answer =
      hub_request("GET", repo_info_url(hub.hub_url(), {RepoType::model, "org/private"}, "main"),
                  {bearer(HubServer::kToken)});
  ASSERT_EQ(answer.status, 200);
  EXPECT_TRUE(parse_repo_info(answer.body).is_private);
  answer = hub_request("GET", repo_info_url(hub.hub_url(), {RepoType::model, "org/gated"}, "main"),
                       {bearer(kGrantedToken)});
  ASSERT_EQ(answer.status, 200);
  EXPECT_TRUE(parse_repo_info(answer.body).gated);
}

TEST_F(HubAnswers, PaginatedTreeListsEveryFileWithItsHashes) {
  size_t pages = 0;
  const TreePage tree = list_tree(commit, "", pages);
  EXPECT_GE(pages, 4u);  // 12 files and 5 folders, 3 entries a page
  std::set<std::string> listed;
  for (const auto& file : tree.files) {
    ASSERT_TRUE(files.count(file.path)) << file.path;
    EXPECT_TRUE(listed.insert(file.path).second) << "listed twice: " << file.path;
    const std::string& content = files.at(file.path);
    EXPECT_EQ(file.size, content.size());
    if (file.size >= 256 * 1024 || file.path.ends_with(".safetensors")) {
      EXPECT_EQ(file.lfs_sha256, tf::test::sha256_hex(content)) << file.path;
    } else {
      EXPECT_FALSE(file.is_lfs()) << file.path;
      EXPECT_EQ(file.git_oid, tf::test::git_blob_oid(content)) << file.path;
    }
  }
  EXPECT_EQ(listed.size(), files.size());
  const std::set<std::string> folders(tree.directories.begin(), tree.directories.end());
  EXPECT_EQ(folders, (std::set<std::string>{"a b", "data", "docs", "docs/guide", "weights"}));
}

TEST_F(HubAnswers, TreeOfAFolderWithTheRevisionAndPathEncoded) {
  size_t pages = 0;
  TreePage tree = list_tree("main", "data", pages);
  EXPECT_EQ(tree.files.size(), 7u);
  EXPECT_GE(pages, 3u);
  tree = list_tree("main", "docs/guide", pages);  // huggingface_hub sends docs%2Fguide
  ASSERT_EQ(tree.files.size(), 1u);
  EXPECT_EQ(tree.files[0].path, "docs/guide/notes.txt");
  tree = list_tree("feature/x", "", pages);
  ASSERT_EQ(tree.files.size(), 1u);
  EXPECT_EQ(tree.files[0].path, "fx.txt");
}

TEST_F(HubAnswers, PathsInfoGivesFilesWithTheirLastCommit) {
  const nlohmann::json request{
      {"paths", {"config.json", "weights/model.safetensors", "data", "nope"}}, {"expand", true}};
  const auto answer =
      hub_request("POST", paths_info_url(hub.hub_url(), model, "main"),
                  {"Content-Type: application/json", "Accept: application/json"}, request.dump());
  ASSERT_EQ(answer.status, 200) << answer.body;
  const auto found = parse_paths_info(answer.body);
  ASSERT_EQ(found.size(), 2u);
  for (const auto& file : found) {
    EXPECT_EQ(file.last_commit, commit) << file.path;
    EXPECT_EQ(file.size, files.at(file.path).size());
  }
}

TEST_F(HubAnswers, ResolveHeadAgreesWithTheListingForEveryFile) {
  size_t pages = 0;
  for (const auto& file : list_tree(commit, "", pages).files) {
    const std::string url = resolve_url(hub.hub_url(), model, "main", file.path);
    const auto answer = hub_request("HEAD", url, {"Accept-Encoding: identity"});
    const ResolvedFile resolved = parse_resolve_head(answer.status, answer.headers, url);
    EXPECT_EQ(resolved.commit, commit) << file.path;
    EXPECT_EQ(resolved.etag, file.etag()) << file.path;
    EXPECT_EQ(resolved.size, file.size) << file.path;
    if (file.is_lfs()) {
      EXPECT_EQ(answer.status, 302) << file.path;
      ASSERT_TRUE(resolved.location) << file.path;
      EXPECT_TRUE(resolved.location->starts_with(hub.cdn_url() + "/cdn/")) << *resolved.location;
    } else {
      EXPECT_EQ(answer.status, 200) << file.path;
    }
  }
}

TEST_F(HubAnswers, RangeProbeOfARegularFile) {
  const std::string url = resolve_url(hub.hub_url(), model, commit, "docs/guide/notes.txt");
  const auto answer = hub_request("GET", url, {"Range: bytes=0-0"});
  ASSERT_EQ(answer.status, 206);
  const auto resolved = parse_resolve_head(answer.status, answer.headers, url);
  EXPECT_EQ(resolved.size, files.at("docs/guide/notes.txt").size());
  EXPECT_EQ(resolved.etag, tf::test::git_blob_oid(files.at("docs/guide/notes.txt")));
  EXPECT_EQ(resolved.commit, commit);
}

TEST_F(HubAnswers, EncodedBranchResolves) {
  const std::string url = resolve_url(hub.hub_url(), model, "feature/x", "fx.txt");
  const auto answer = hub_request("HEAD", url);
  ASSERT_EQ(answer.status, 200);
  EXPECT_EQ(parse_resolve_head(answer.status, answer.headers, url).commit, feature_commit);
}

struct ErrorCase {
  std::string url;
  std::vector<std::string> headers;
  HubErrorCode code;
  tf::ErrorKind kind;
};

TEST_F(HubAnswers, ErrorAnswersAreClassifiedLikeHuggingfaceHub) {
  const std::string hub_url = hub.hub_url();
  const std::vector<ErrorCase> cases{
      {resolve_url(hub_url, model, "main", "missing.bin"),
       {},
       HubErrorCode::entry_not_found,
       tf::ErrorKind::not_found},
      {resolve_url(hub_url, model, "no-such-branch", "config.json"),
       {},
       HubErrorCode::revision_not_found,
       tf::ErrorKind::not_found},
      {repo_info_url(hub_url, model, "no-such-branch"),
       {},
       HubErrorCode::revision_not_found,
       tf::ErrorKind::not_found},
      {resolve_url(hub_url, {RepoType::model, "org/none"}, "main", "x"),
       {},
       HubErrorCode::repo_not_found,
       tf::ErrorKind::not_found},
      {resolve_url(hub_url, {RepoType::model, "org/private"}, "main", "s.txt"),
       {},
       HubErrorCode::repo_not_found,
       tf::ErrorKind::not_found},
      {resolve_url(hub_url, {RepoType::model, "org/private"}, "main", "s.txt"),
       {bearer("hf_wrong_token")},
       HubErrorCode::invalid_token,
       tf::ErrorKind::auth},
      {resolve_url(hub_url, {RepoType::model, "org/gated"}, "main", "g.txt"),
       {bearer(HubServer::kToken)},
       HubErrorCode::gated,
       tf::ErrorKind::auth},
      {tree_url(hub_url, {RepoType::dataset, "org/model"}, "main"),
       {},
       HubErrorCode::repo_not_found,
       tf::ErrorKind::not_found},
  };
  for (const auto& c : cases) {
    const auto answer = hub_request("GET", c.url, c.headers);
    EXPECT_EQ(classify_hub_error(answer.status, answer.headers), c.code)
        << c.url << " " << answer.status;
    const auto error = hub_error(answer.status, answer.headers, answer.body,
                                 {"org/x", "main", "f", !c.headers.empty()});
    EXPECT_EQ(error.kind(), c.kind) << error.what();
    EXPECT_EQ(std::string(error.what()).find("hf_"), std::string::npos) << error.what();
  }
}

// huggingface_hub caches a file's absence when the 404 names the commit (.no_exist).
TEST_F(HubAnswers, EntryNotFoundNamesTheCommit) {
  const auto answer = hub_request("HEAD", resolve_url(hub.hub_url(), model, "main", "missing.bin"));
  ASSERT_EQ(answer.status, 404);
  EXPECT_EQ(tf::io::find_header(answer.headers, "x-repo-commit"), commit);
}

}  // namespace
