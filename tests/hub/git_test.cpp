// git and git-lfs against the stand-in hub: smart HTTP clones and fetches (git http-backend
// over the exported bare repository) and the LFS batch API, driven by the real git 2.x and
// git-lfs 3.x in a throw-away HOME, loopback only, every command bounded.
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "hub/hub_fixture.hpp"
#include "support/subprocess.hpp"

namespace tf::test {
namespace {

constexpr auto kGitLimit = std::chrono::seconds(60);

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string lfs_pointer(const std::string& content) {
  return "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256_hex(content) +
         "\nsize " + std::to_string(content.size()) + "\n";
}

class HubGit : public HubTest {
 protected:
  void SetUp() override {
    HubTest::SetUp();
    // git and git-lfs see nothing of the machine's configuration, and never prompt.
    env = {{"HOME", home.path().string()},
           {"GIT_CONFIG_NOSYSTEM", "1"},
           {"GIT_TERMINAL_PROMPT", "0"},
           {"GIT_ASKPASS", ""},
           {"SSH_ASKPASS", ""},
           {"XDG_CONFIG_HOME", (home.path() / ".config").string()}};
    const auto installed = git({"lfs", "install", "--skip-repo"});
    ASSERT_EQ(installed.exit_code, 0) << installed.err;
  }

  ProcessResult git(std::vector<std::string> args, std::map<std::string, std::string> extra = {},
                    const std::optional<std::filesystem::path>& cwd = std::nullopt) {
    std::vector<std::string> argv{"git"};
    if (cwd) argv.insert(argv.end(), {"-C", cwd->string()});
    argv.insert(argv.end(), args.begin(), args.end());
    auto environment = env;
    environment.insert(extra.begin(), extra.end());
    return run(argv, environment, kGitLimit);
  }

  std::string rev_parse(const std::filesystem::path& repo, const std::string& name) {
    const auto r = git({"rev-parse", name}, {}, repo);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out.substr(0, r.out.find('\n'));
  }

  // Clones without running the LFS filter: the working tree keeps the pointer files.
  std::filesystem::path clone_pointers(const std::string& url, const std::string& name) {
    const auto dir = work.path() / name;
    const auto r = git({"clone", "--quiet", url, dir.string()}, {{"GIT_LFS_SKIP_SMUDGE", "1"}});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return dir;
  }

  TempDir home;
  TempDir work;
  std::map<std::string, std::string> env;
};

TEST_F(HubGit, CloneHasTheHubsCommitIdsFilesAndLfsPointers) {
  const auto dir = clone_pointers(url("/org/model"), "clone");
  EXPECT_EQ(rev_parse(dir, "HEAD"), main_commit);
  EXPECT_EQ(rev_parse(dir, "v1^{commit}"), v1_commit);
  EXPECT_EQ(rev_parse(dir, "origin/feature/x"), feature_commit);
  EXPECT_EQ(rev_parse(dir, "HEAD^"), v1_commit);
  for (const auto& [path, content] : main_files) {
    const bool lfs = path == "weights/model.safetensors" || path == "weights/shard.dat";
    EXPECT_EQ(read_text(dir / path), lfs ? lfs_pointer(content) : content) << path;
  }
  const auto fsck = git({"fsck", "--full", "--strict"}, {}, dir);
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
}

TEST_F(HubGit, LfsPullFetchesTheObjectsFromTheCdnThroughTheBatchApi) {
  const auto dir = clone_pointers(url("/org/model"), "clone");
  hub.clear_requests();
  const auto pull = git({"lfs", "pull"}, {}, dir);
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  for (const auto& [path, content] : main_files) {
    EXPECT_EQ(read_text(dir / path), content) << path;
  }
  // The hub's commits hold exactly the files given, with no .gitattributes, so git runs no
  // LFS filter at checkout; git lfs finds the pointers by their content all the same.

  const auto log = hub.requests();
  size_t batches = 0;
  std::set<std::string> cdn_objects;
  for (const auto& entry : log) {
    if (entry["target"] == "/org/model.git/info/lfs/objects/batch") {
      ++batches;
      EXPECT_EQ(entry["method"], "POST");
      EXPECT_EQ(entry["status"], 200);
    }
    if (entry["listener"] == "cdn") {
      cdn_objects.insert(entry["target"].get<std::string>().substr(5));
      EXPECT_EQ(entry["status"], 200);
      EXPECT_TRUE(entry["authorization"].is_null());
    }
  }
  EXPECT_GE(batches, 1u);
  EXPECT_EQ(cdn_objects, (std::set<std::string>{sha256_hex(main_files["weights/model.safetensors"]),
                                                sha256_hex(main_files["weights/shard.dat"])}));
}

TEST_F(HubGit, ProtocolVersionZeroAndTwoBothClone) {
  for (const char* version : {"0", "2"}) {
    const auto dir = work.path() / (std::string("v") + version);
    const auto r = git({"-c", std::string("protocol.version=") + version, "clone", "--quiet",
                        url("/org/model"), dir.string()},
                       {{"GIT_LFS_SKIP_SMUDGE", "1"}});
    ASSERT_EQ(r.exit_code, 0) << version << ": " << r.err;
    EXPECT_EQ(rev_parse(dir, "HEAD"), main_commit);
  }
}

TEST_F(HubGit, FetchSeesTheCommitThatReplacedAFile) {
  const auto dir = clone_pointers(url("/org/model"), "clone");
  const auto replaced = hub.replace_object(
      {{"repo", "org/model"}, {"path", "config.json"}, {"content", "{\"v\": 3}\n"}});
  const auto pull = git({"pull", "--quiet", "--ff-only"}, {{"GIT_LFS_SKIP_SMUDGE", "1"}}, dir);
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  EXPECT_EQ(rev_parse(dir, "HEAD"), replaced["commit"].get<std::string>());
  EXPECT_EQ(read_text(dir / "config.json"), "{\"v\": 3}\n");
}

TEST_F(HubGit, DatasetRepoAndDotGitUrl) {
  const auto commit =
      hub.add_folder({"--repo", "org/ds", "--type", "dataset", "--from",
                      write_folder("ds", {{"train/part-0.parquet", bytes_of(20'000, 9)},
                                          {"README.md", "# ds\n"}})})
          .at("commit")
          .get<std::string>();
  const auto dir = clone_pointers(url("/datasets/org/ds.git"), "ds");
  EXPECT_EQ(rev_parse(dir, "HEAD"), commit);
  const auto pull = git({"lfs", "pull"}, {}, dir);
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  EXPECT_EQ(read_text(dir / "train/part-0.parquet"), bytes_of(20'000, 9));
}

TEST_F(HubGit, PrivateRepoNeedsTheTokenAsBasicPasswordOrBearerHeader) {
  hub.add_folder(
      {"--repo", "org/secret", "--private", "--from",
       write_folder("secret", {{"weights.safetensors", bytes_of(30'000, 4)}, {"a.txt", "a\n"}})});
  const auto anonymous = git({"clone", "--quiet", url("/org/secret"), (work / "anon").string()});
  EXPECT_NE(anonymous.exit_code, 0);

  std::string with_user = url("/org/secret");
  with_user.insert(std::string("http://").size(), std::string("user:") + HubServer::kToken + "@");
  const auto basic = git({"clone", "--quiet", with_user, (work / "basic").string()},
                         {{"GIT_LFS_SKIP_SMUDGE", "1"}});
  ASSERT_EQ(basic.exit_code, 0) << basic.err;
  const auto pull = git({"lfs", "pull"}, {}, work / "basic");
  ASSERT_EQ(pull.exit_code, 0) << pull.err;
  EXPECT_EQ(read_text(work / "basic" / "weights.safetensors"), bytes_of(30'000, 4));

  const auto bearer =
      git({"-c", std::string("http.extraHeader=Authorization: Bearer ") + HubServer::kToken,
           "clone", "--quiet", url("/org/secret"), (work / "bearer").string()});
  ASSERT_EQ(bearer.exit_code, 0) << bearer.err;
  EXPECT_EQ(read_text(work / "bearer" / "a.txt"), "a\n");
}

TEST_F(HubGit, PushIsRefused) {
  EXPECT_EQ(http_get(url("/org/model.git/info/refs?service=git-receive-pack")).status, 403);
  HttpOptions post;
  post.method = "POST";
  post.body = "0000";
  EXPECT_EQ(http_request(url("/org/model.git/git-receive-pack"), post).status, 403);
  EXPECT_EQ(http_request(url("/org/model.git/info/refs?service=git-upload-pack"), post).status,
            405);
}

TEST_F(HubGit, UnknownRepoIsNotFoundAndAnonymousCallersAreChallenged) {
  // As everywhere on the hub, an anonymous caller cannot tell a missing repo from a private
  // one: both get 401, which makes git ask for credentials.
  const auto missing =
      http_get(url("/org/nothing.git/info/refs?service=git-upload-pack"), {bearer()});
  EXPECT_EQ(missing.status, 404);
  const auto missing_anonymous =
      http_get(url("/org/nothing.git/info/refs?service=git-upload-pack"));
  EXPECT_EQ(missing_anonymous.status, 401);
  hub.add_folder(
      {"--repo", "org/secret", "--private", "--from", write_folder("secret", {{"a.txt", "a\n"}})});
  const auto anonymous = http_get(url("/org/secret.git/info/refs?service=git-upload-pack"));
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(anonymous.header("www-authenticate"), "Basic realm=\"tf-hub\"");
}

class HubLfsBatch : public HubTest {
 protected:
  HttpResult batch(const std::string& body, const std::string& path = "/org/model.git") {
    HttpOptions options;
    options.method = "POST";
    options.headers = {"Accept: application/vnd.git-lfs+json",
                       "Content-Type: application/vnd.git-lfs+json"};
    options.body = body;
    return http_request(url(path + "/info/lfs/objects/batch"), options);
  }
};

TEST_F(HubLfsBatch, KnownObjectsGetCdnDownloadActionsUnknownOnesAnError) {
  const std::string& content = main_files.at("weights/model.safetensors");
  const std::string sha = sha256_hex(content);
  const std::string unknown(64, 'a');
  const nlohmann::json request = {
      {"operation", "download"},
      {"transfers", {"basic"}},
      {"objects", {{{"oid", sha}, {"size", content.size()}}, {{"oid", unknown}, {"size", 5}}}}};
  const auto r = batch(request.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("content-type"), "application/vnd.git-lfs+json");
  const auto answer = nlohmann::json::parse(r.body);
  EXPECT_EQ(answer["transfer"], "basic");
  ASSERT_EQ(answer["objects"].size(), 2u);
  EXPECT_EQ(answer["objects"][0]["oid"], sha);
  EXPECT_EQ(answer["objects"][0]["actions"]["download"]["href"], hub.cdn_url() + "/cdn/" + sha);
  EXPECT_EQ(answer["objects"][1]["error"]["code"], 404);
  // The same batch without ".git" in the path, as for a remote URL without it.
  EXPECT_EQ(batch(request.dump(), "/org/model").status, 200);
}

TEST_F(HubLfsBatch, ObjectOfAnOlderCommitIsKnownAWrongSizeIsNot) {
  hub.replace_object({{"repo", "org/model"},
                      {"path", "weights/model.safetensors"},
                      {"generate", {{"size", 1000}, {"seed", 5}}}});
  const std::string& old_content = v1_files.at("weights/model.safetensors");
  const nlohmann::json request = {
      {"operation", "download"},
      {"objects",
       {{{"oid", sha256_hex(old_content)}, {"size", old_content.size()}},
        {{"oid", sha256_hex(old_content)}, {"size", old_content.size() + 1}}}}};
  const auto answer = nlohmann::json::parse(batch(request.dump()).body);
  EXPECT_TRUE(answer["objects"][0].contains("actions"));
  EXPECT_EQ(answer["objects"][1]["error"]["code"], 404);
}

TEST_F(HubLfsBatch, UploadMalformedAndOtherMethodsAreRefused) {
  const auto upload = batch(R"({"operation":"upload","objects":[]})");
  EXPECT_EQ(upload.status, 403);
  EXPECT_TRUE(nlohmann::json::parse(upload.body).contains("message"));
  EXPECT_EQ(batch("not json").status, 422);
  EXPECT_EQ(batch(R"({"operation":"download"})").status, 422);
  EXPECT_EQ(batch(R"({"operation":"download","transfers":["tus"],"objects":[]})").status, 422);
  EXPECT_EQ(batch(R"({"operation":"download","objects":[{"oid":1}]})").status, 200);
  EXPECT_EQ(http_get(url("/org/model.git/info/lfs/objects/batch")).status, 405);
  EXPECT_EQ(http_get(url("/org/model.git/info/lfs/locks")).status, 404);
}

}  // namespace
}  // namespace tf::test
