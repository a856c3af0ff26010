// tf-hub add-folder and generate: what lands in the data folder.
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

using nlohmann::json;

json read_manifest(const std::filesystem::path& data) {
  std::ifstream in(data / "manifest.json");
  return json::parse(in);
}

ProcessResult hub_tool(const std::vector<std::string>& args) {
  std::vector<std::string> argv{tf_hub_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv, {}, std::chrono::minutes(2));
}

std::string lfs_pointer(const std::string& content) {
  return "version https://git-lfs.github.com/spec/v1\noid sha256:" + sha256_hex(content) +
         "\nsize " + std::to_string(content.size()) + "\n";
}

class HubStore : public HubTest {
 protected:
  void SetUp() override {}  // no standard repos: these tests build their own
};

TEST_F(HubStore, AddFolderStoresEveryFileOnceWithItsHashes) {
  const std::map<std::string, std::string> files = {
      {"config.json", "{}\n"},
      {"a/b/model.safetensors", bytes_of(1000, 1)},  // LFS by name
      {"a/big.dat", bytes_of(70'000, 2)},            // LFS by size
      {"a/small.dat", bytes_of(100, 3)},
      {"a/copy.dat", bytes_of(100, 3)},  // same content: one object
      {".git/HEAD", "ref: refs/heads/main\n"}};
  const auto folder = write_folder("src", files);
  const auto summary =
      hub.add_folder({"--repo", "org/m", "--from", folder, "--lfs-threshold", "64K"});
  EXPECT_EQ(summary["files"], 5);
  const auto manifest = read_manifest(hub.data_dir());
  ASSERT_EQ(manifest["repos"].size(), 1u);
  const auto& commit = manifest["repos"][0]["commits"][0];
  EXPECT_EQ(commit["sha"], summary["commit"]);
  ASSERT_EQ(commit["files"].size(), 5u);
  for (const auto& f : commit["files"]) {
    const std::string& content = files.at(f["path"]);
    const bool lfs = f["path"] == "a/b/model.safetensors" || f["path"] == "a/big.dat";
    EXPECT_EQ(f["kind"], lfs ? "lfs" : "regular") << f["path"];
    EXPECT_EQ(f["size"], content.size());
    EXPECT_EQ(f["sha256"], sha256_hex(content));
    EXPECT_EQ(f["git_oid"], git_blob_oid(lfs ? lfs_pointer(content) : content)) << f["path"];
    const auto object = read_file(hub.object_path(f["sha256"]));
    EXPECT_EQ(std::string(object.begin(), object.end()), content);
  }
  size_t objects = 0;
  for (const auto& entry : std::filesystem::directory_iterator(hub.data_dir() / "objects")) {
    (void)entry;
    ++objects;
  }
  EXPECT_EQ(objects, 4u);  // copy.dat shares small.dat's object; no temporary files remain
}

TEST_F(HubStore, RepoSettingsAndXetKind) {
  const auto folder = write_folder("src", {{"w.gguf", "gguf"}, {"r.txt", "r"}});
  hub.add_folder({"--repo", "org/d", "--type", "dataset", "--from", folder, "--xet", "--private",
                  "--gated", "--grant", "hf_a", "--grant", "hf_b"});
  const auto repo = read_manifest(hub.data_dir())["repos"][0];
  EXPECT_EQ(repo["type"], "dataset");
  EXPECT_EQ(repo["private"], true);
  EXPECT_EQ(repo["gated"], true);
  EXPECT_EQ(repo["granted_tokens"], json::array({"hf_a", "hf_b"}));
  EXPECT_EQ(repo["commits"][0]["files"][0]["kind"], "regular");  // r.txt
  EXPECT_EQ(repo["commits"][0]["files"][1]["kind"], "xet");      // w.gguf
}

TEST_F(HubStore, CommitIdsAreGitCommitIds) {
  const auto folder =
      write_folder("src", {{"a/x.txt", "x\n"}, {"a-b/y.txt", "y\n"}, {"z.txt", "z\n"}});
  const auto summary = hub.add_folder(
      {"--repo", "org/g", "--from", folder, "--title", "Hello", "--date", "2024-05-06T07:08:09Z"});
  const std::map<std::string, std::string> env = {{"GIT_AUTHOR_NAME", "tf-hub"},
                                                  {"GIT_AUTHOR_EMAIL", "tf-hub@127.0.0.1"},
                                                  {"GIT_COMMITTER_NAME", "tf-hub"},
                                                  {"GIT_COMMITTER_EMAIL", "tf-hub@127.0.0.1"},
                                                  {"GIT_AUTHOR_DATE", "1714979289 +0000"},
                                                  {"GIT_COMMITTER_DATE", "1714979289 +0000"},
                                                  {"HOME", folder}};
  const std::string git_dir = "--git-dir=" + folder + "/.git";
  const std::string work_tree = "--work-tree=" + folder;
  if (run({"git", "--version"}).exit_code != 0) GTEST_SKIP() << "git is not installed";
  ASSERT_EQ(run({"git", git_dir, work_tree, "init", "-q"}, env).exit_code, 0);
  ASSERT_EQ(run({"git", git_dir, work_tree, "add", "-A"}, env).exit_code, 0);
  ASSERT_EQ(
      run({"git", git_dir, work_tree, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "Hello"},
          env)
          .exit_code,
      0);
  const auto head = run({"git", git_dir, "rev-parse", "HEAD"}, env);
  EXPECT_EQ(head.out, std::string(summary["commit"]) + "\n");
}

TEST_F(HubStore, SecondCommitHasTheFirstAsParent) {
  const auto first =
      hub.add_folder({"--repo", "org/m", "--from", write_folder("a", {{"f", "1"}}), "--tag", "v1"});
  const auto second =
      hub.add_folder({"--repo", "org/m", "--from", write_folder("b", {{"f", "2"}})});
  const auto repo = read_manifest(hub.data_dir())["repos"][0];
  ASSERT_EQ(repo["commits"].size(), 2u);
  EXPECT_EQ(repo["commits"][1]["parent"], first["commit"]);
  EXPECT_EQ(repo["commits"][1]["date"], "2024-01-01T00:01:00.000Z");
  EXPECT_EQ(repo["branches"]["main"], second["commit"]);
  EXPECT_EQ(repo["tags"]["v1"], first["commit"]);
}

TEST_F(HubStore, GenerateIsDeterministicAndNotZeros) {
  const std::vector<std::string> args = {
      "--repo",  "org/gen",      "--file", "w/model.safetensors=3M",
      "--shape", "3x10K:shards", "--seed", "42"};
  const auto a = hub.generate(args);
  HubServer other;
  const auto b = other.generate(args);
  EXPECT_EQ(a["commit"], b["commit"]);
  EXPECT_EQ(a["files"], 6);  // 1 + 3 + config.json + README.md
  const auto files = read_manifest(hub.data_dir())["repos"][0]["commits"][0]["files"];
  std::set<std::string> paths;
  for (const auto& f : files) {
    paths.insert(f["path"]);
    if (f["path"] == "w/model.safetensors") {
      const auto bytes = read_file(hub.object_path(f["sha256"]));
      ASSERT_EQ(bytes.size(), 3u << 20);
      size_t zeros = 0;
      for (const auto byte : bytes)
        zeros += byte == 0;
      EXPECT_LT(zeros, bytes.size() / 128);  // about 1/256 for random bytes
    }
  }
  EXPECT_EQ(paths, (std::set<std::string>{"README.md", "config.json", "shards/part-00000.dat",
                                          "shards/part-00001.dat", "shards/part-00002.dat",
                                          "w/model.safetensors"}));
  const auto c = other.generate({"--repo", "org/gen2", "--file", "w/model.safetensors=3M",
                                 "--shape", "3x10K:shards", "--seed", "43"});
  EXPECT_NE(c["commit"], a["commit"]);
}

TEST_F(HubStore, PerFileSeedChangesOnlyThatFile) {
  hub.generate({"--repo", "org/a", "--file", "x.dat=1K", "--file", "y.dat=1K", "--seed", "1"});
  hub.generate({"--repo", "org/b", "--file", "x.dat=1K", "--file", "y.dat=1K@7", "--seed", "1"});
  const auto repos = read_manifest(hub.data_dir())["repos"];
  const auto sha_of = [&](size_t repo, const std::string& path) {
    for (const auto& f : repos[repo]["commits"][0]["files"]) {
      if (f["path"] == path) return f["sha256"].get<std::string>();
    }
    return std::string();
  };
  EXPECT_EQ(sha_of(0, "x.dat"), sha_of(1, "x.dat"));
  EXPECT_NE(sha_of(0, "y.dat"), sha_of(1, "y.dat"));
}

TEST_F(HubStore, GenerationRunsAtDiskSpeed) {
  const auto start = std::chrono::steady_clock::now();
  hub.generate(
      {"--repo", "org/big", "--file", "a.bin=128M", "--file", "b.bin=128M", "--no-config-files"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(20));
}

TEST_F(HubStore, ServingDoesNotRehashObjects) {
  const auto summary =
      hub.generate({"--repo", "org/m", "--file", "a.safetensors=4K", "--no-config-files"});
  const auto files = read_manifest(hub.data_dir())["repos"][0]["commits"][0]["files"];
  const std::string sha = files[0]["sha256"];
  // Same size, other bytes: the server trusts the manifest written at ingest.
  std::filesystem::permissions(hub.object_path(sha), std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
  write_file(hub.object_path(sha), random_bytes(4096, 99));
  hub.start();
  const auto tree = json::parse(http_get(hub.hub_url() + "/api/models/org/m/tree/main").body);
  EXPECT_EQ(tree[0]["lfs"]["oid"], sha);
}

TEST_F(HubStore, BadArgumentsAreErrors) {
  const std::string data = (sources.path() / "data").string();
  const auto folder = write_folder("src", {{"f", "x"}});
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"add-folder", "--data", data, "--repo", "nope", "--from", folder},
           {"add-folder", "--data", data, "--repo", "api/x", "--from", folder},
           {"add-folder", "--data", data, "--repo", "org/x", "--from", folder + "/missing"},
           {"add-folder", "--data", data, "--repo", "org/x", "--from", folder, "--type", "widget"},
           {"add-folder", "--data", data, "--repo", "org/x", "--from", folder, "--branch", "a..b"},
           {"add-folder", "--data", data, "--repo", "org/x", "--from", folder, "--date",
            "yesterday"},
           {"add-folder", "--data", data, "--repo", "org/x", "--from", folder, "--lfs-threshold",
            "10Q"},
           {"generate", "--data", data, "--repo", "org/x", "--file", "a"},
           {"generate", "--data", data, "--repo", "org/x", "--file", "a=1K", "--file", "a=2K"},
           {"generate", "--data", data, "--repo", "org/x", "--file", "../a=1K"},
           {"generate", "--data", data, "--repo", "org/x", "--shape", "3by4"}}) {
    const auto r = hub_tool(args);
    EXPECT_EQ(r.exit_code, 2) << args[0] << " " << args.back() << ": " << r.err;
    EXPECT_FALSE(r.err.empty());
  }
  ASSERT_EQ(
      hub_tool({"add-folder", "--data", data, "--repo", "org/x", "--from", folder, "--tag", "t"})
          .exit_code,
      0);
  EXPECT_EQ(
      hub_tool({"add-folder", "--data", data, "--repo", "org/x", "--from", folder, "--tag", "t"})
          .exit_code,
      2);
  EXPECT_NE(hub_tool({"serve"}).exit_code, 0);
  EXPECT_NE(hub_tool({}).exit_code, 0);
}

}  // namespace
}  // namespace tf::test
