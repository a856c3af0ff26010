// Cache compatibility with huggingface_hub: a cache built with our functions, read back with
// huggingface_hub's own rules, transcribed from its sources (Python cannot be installed here):
//   - utils/_cache_manager.py _scan_cached_repo: what `hf cache ls` / scan_cache_dir sees;
//   - file_download.py try_to_load_from_cache: what an offline hf_hub_download returns;
//   - file_download.py _create_symlink: os.path.relpath targets;
//   - _tree_cache.py read_tree_cache.
// tests/hub_npm/scan_cache.mjs checks the same cache with @huggingface/hub's scanCacheDir.
#include <fstream>
#include <map>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "engine/hub/cache_layout.hpp"
#include "hub_http.hpp"
#include "support/http_client.hpp"
#include "support/test_support.hpp"

using namespace tf::engine::hub;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A file of a commit as the Hub lists it, with its bytes.
struct CommitFile {
  RepoFile file;
  std::string content;
};

CommitFile make_file(const std::string& path, const std::string& content, bool lfs) {
  CommitFile out;
  out.file.path = path;
  out.file.size = content.size();
  out.file.git_oid = tf::test::git_blob_oid(lfs ? "pointer of " + path : content);
  if (lfs) out.file.lfs_sha256 = tf::test::sha256_hex(content);
  out.content = content;
  return out;
}

// What the downloader does once a file's bytes are verified: blob under its final name, then
// the snapshot entry.
void store(const CacheLayout& cache, const std::string& commit, const CommitFile& f) {
  if (!fs::exists(cache.blob(f.file.etag()))) {
    fs::create_directories(cache.blob(f.file.etag()).parent_path());
    std::ofstream(cache.blob(f.file.etag()), std::ios::binary) << f.content;
  }
  link_snapshot_file(cache, commit, f.file);
}

// _scan_cached_repo's view of one repo folder.
struct ScannedRevision {
  std::set<std::string> refs;
  std::map<std::string, fs::path> files;  // path under the snapshot -> resolved blob
};
struct ScannedRepo {
  std::string repo_type;
  std::string repo_id;
  std::map<std::string, ScannedRevision> revisions;
  std::set<fs::path> blobs;
  uint64_t size_on_disk = 0;
};

ScannedRepo scan_cached_repo(const fs::path& repo_path) {
  ScannedRepo repo;
  const std::string name = repo_path.filename().string();
  const auto separator = name.find("--");
  EXPECT_NE(separator, std::string::npos) << "Repo path is not a valid HuggingFace cache directory";
  repo.repo_type = name.substr(0, separator - 1);  // "models" -> "model"
  std::string id = name.substr(separator + 2);
  for (size_t pos; (pos = id.find("--")) != std::string::npos;)
    id.replace(pos, 2, "/");
  repo.repo_id = id;
  EXPECT_TRUE(fs::is_directory(repo_path / "snapshots")) << "Snapshots dir doesn't exist";

  std::map<std::string, std::set<std::string>> refs_by_hash;
  if (fs::exists(repo_path / "refs")) {
    for (const auto& entry : fs::recursive_directory_iterator(repo_path / "refs")) {
      if (entry.is_directory()) continue;
      // `f.read()`: the content, unstripped, is the commit.
      refs_by_hash[read_text(entry.path())].insert(
          entry.path().lexically_relative(repo_path / "refs").string());
    }
  }
  for (const auto& revision : fs::directory_iterator(repo_path / "snapshots")) {
    EXPECT_FALSE(revision.is_regular_file()) << "Snapshots folder corrupted. Found a file";
    ScannedRevision scanned;
    for (const auto& entry : fs::recursive_directory_iterator(revision.path())) {
      if (entry.is_directory()) continue;
      const fs::path blob = fs::canonical(entry.path());  // Path.resolve(); must exist
      scanned.files[entry.path().lexically_relative(revision.path()).string()] = blob;
      if (repo.blobs.insert(blob).second) repo.size_on_disk += fs::file_size(blob);
    }
    const std::string commit = revision.path().filename().string();
    scanned.refs = refs_by_hash[commit];
    refs_by_hash.erase(commit);
    repo.revisions[commit] = scanned;
  }
  EXPECT_TRUE(refs_by_hash.empty()) << "Reference(s) refer to missing commit hashes";
  return repo;
}

// try_to_load_from_cache: the snapshot file, "no-exist", or "" when not cached.
std::string try_to_load_from_cache(const fs::path& cache_dir, const std::string& folder,
                                   std::string revision, const std::string& filename) {
  const fs::path repo_cache = cache_dir / folder;
  if (!fs::is_directory(repo_cache)) return "";
  if (fs::is_regular_file(repo_cache / "refs" / revision))
    revision = read_text(repo_cache / "refs" / revision);
  if (fs::is_regular_file(repo_cache / ".no_exist" / revision / filename)) return "no-exist";
  const fs::path cached = repo_cache / "snapshots" / revision / filename;
  return fs::is_regular_file(cached) ? cached.string() : "";
}

class CacheCompat : public ::testing::Test {
 protected:
  void SetUp() override {
    v1 = {make_file("config.json", "{\"v\": 1}\n", false),
          make_file("tokenizer/tokenizer.json", "{\"vocab\": []}\n", false),
          make_file("weights/model.safetensors", std::string(70'000, 'w'), true),
          make_file("a/b/c/deep.bin", "deep\n", true)};
    v2 = v1;
    v2[0] = make_file("config.json", "{\"v\": 2}\n", false);
    ensure_cachedir_tag(temp.path());
    for (const auto& f : v1)
      store(cache, kV1, f);
    for (const auto& f : v2)
      store(cache, kV2, f);
    write_ref(cache, "main", kV2);
    write_ref(cache, "refs/pr/1", kV2);
    write_ref(cache, "v1", kV1);
    mark_no_exist(cache, kV2, "missing.json");
    std::vector<RepoFile> listing;
    for (const auto& f : v2)
      listing.push_back(f.file);
    write_tree_cache(cache, kV2, listing);
  }

  static constexpr const char* kV1 = "1111111111111111111111111111111111111111";
  static constexpr const char* kV2 = "2222222222222222222222222222222222222222";
  tf::test::TempDir temp;
  CacheLayout cache{temp.path(), RepoId{RepoType::model, "org/model"}};
  std::vector<CommitFile> v1;
  std::vector<CommitFile> v2;
};

TEST_F(CacheCompat, ScanCacheDirSeesEveryRevisionFileAndRef) {
  std::vector<fs::path> repos;
  for (const auto& entry : fs::directory_iterator(temp.path())) {
    const std::string name = entry.path().filename().string();
    if (name == ".locks" || name == "CACHEDIR.TAG") continue;
    repos.push_back(entry.path());
  }
  ASSERT_EQ(repos.size(), 1u);
  const ScannedRepo repo = scan_cached_repo(repos[0]);
  EXPECT_EQ(repo.repo_type, "model");
  EXPECT_EQ(repo.repo_id, "org/model");
  ASSERT_EQ(repo.revisions.size(), 2u);
  EXPECT_EQ(repo.revisions.at(kV1).refs, std::set<std::string>{"v1"});
  EXPECT_EQ(repo.revisions.at(kV2).refs, (std::set<std::string>{"main", "refs/pr/1"}));
  for (const auto& [commit, files] : {std::pair{kV1, &v1}, std::pair{kV2, &v2}}) {
    const auto& scanned = repo.revisions.at(commit).files;
    ASSERT_EQ(scanned.size(), files->size());
    for (const auto& f : *files) {
      EXPECT_EQ(scanned.at(f.file.path), fs::canonical(cache.blob(f.file.etag()))) << f.file.path;
    }
  }
  // nb_files counts blobs: the two commits share all but config.json.
  EXPECT_EQ(repo.blobs.size(), 5u);
  uint64_t expected_size = 0;
  for (const auto& f : v1)
    expected_size += f.content.size();
  expected_size += v2[0].content.size();
  EXPECT_EQ(repo.size_on_disk, expected_size);
}

TEST_F(CacheCompat, OfflineLookupFindsTheFilesByBranchTagAndCommit) {
  const std::string folder = "models--org--model";
  for (const auto& f : v2) {
    const std::string path = try_to_load_from_cache(temp.path(), folder, "main", f.file.path);
    ASSERT_FALSE(path.empty()) << f.file.path;
    EXPECT_EQ(read_text(path), f.content);
    EXPECT_EQ(try_to_load_from_cache(temp.path(), folder, "refs/pr/1", f.file.path), path);
  }
  EXPECT_EQ(read_text(try_to_load_from_cache(temp.path(), folder, "v1", "config.json")),
            v1[0].content);
  EXPECT_EQ(read_text(try_to_load_from_cache(temp.path(), folder, kV1, "a/b/c/deep.bin")),
            "deep\n");
  EXPECT_EQ(try_to_load_from_cache(temp.path(), folder, "main", "missing.json"), "no-exist");
  EXPECT_EQ(try_to_load_from_cache(temp.path(), folder, "v1", "missing.json"), "");
}

TEST_F(CacheCompat, SymlinkTargetsAreOsPathRelpath) {
  for (const auto& f : v2) {
    const fs::path pointer = cache.snapshot_file(kV2, f.file.path);
    // os.path.relpath(abspath(blob), dirname(abspath(pointer))): lexical, no symlink resolution.
    EXPECT_EQ(fs::read_symlink(pointer),
              fs::absolute(cache.blob(f.file.etag()))
                  .lexically_relative(fs::absolute(pointer).parent_path()));
  }
}

TEST_F(CacheCompat, CacheDirTagAndTreeListingReadAsPythonDoes) {
  EXPECT_TRUE(read_text(temp.path() / "CACHEDIR.TAG")
                  .starts_with("Signature: 8a477f597d28d172789f06886806bc55"));
  const auto data = nlohmann::json::parse(read_text(cache.tree_cache(kV2)));
  ASSERT_EQ(data.at("format_version"), 1);
  for (const auto& f : v2) {
    const auto& entry = data.at("files").at(f.file.path);
    EXPECT_EQ(entry.at("size"), f.file.size);
    EXPECT_EQ(entry.at("blob_id"), f.file.git_oid);
    if (f.file.is_lfs()) {
      EXPECT_EQ(entry.at("lfs_sha256"), *f.file.lfs_sha256);
      EXPECT_EQ(entry.at("lfs_size"), f.file.size);
    }
  }
}

}  // namespace
