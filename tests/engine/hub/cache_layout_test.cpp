// The cache layout of huggingface_hub's file_download.py, path by path, and the writes that
// must be atomic (refs, snapshot links).
#include "engine/hub/cache_layout.hpp"

#include <sys/stat.h>

#include <fstream>

#include <gtest/gtest.h>

#include "engine/hub/repo_id.hpp"
#include "io/error.hpp"
#include "support/test_support.hpp"

using namespace tf::engine::hub;
namespace fs = std::filesystem;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kOther = "89abcdef0123456789abcdef0123456789abcdef";
const std::string kOid = "d7edf6bd2a681fb0175f7735299831ee1b22b812";
const std::string kSha = "403450e234d65943a7dcf7e05a771ce3c92faa84dd07db4ac20f592037a1e4bd";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

RepoFile regular_file(const std::string& path, uint64_t size) {
  RepoFile file;
  file.path = path;
  file.size = size;
  file.git_oid = kOid;
  return file;
}

RepoFile lfs_file(const std::string& path, uint64_t size) {
  RepoFile file = regular_file(path, size);
  file.lfs_sha256 = kSha;
  return file;
}

class CacheLayoutTest : public ::testing::Test {
 protected:
  // Puts a blob in place the way the downloader does: bytes, then the final name.
  void put_blob(const std::string& etag, const std::string& content) {
    write_text(cache.blob(etag), content);
  }

  std::vector<std::string> folder_entries(const fs::path& folder) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(folder))
      names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }

  tf::test::TempDir temp;
  CacheLayout cache{temp.path(), RepoId{RepoType::model, "org/name"}};
};

TEST_F(CacheLayoutTest, PathsAreHuggingfaceHubs) {
  const fs::path repo = temp.path() / "models--org--name";
  EXPECT_EQ(cache.repo_folder(), repo);
  EXPECT_EQ(cache.blob(kSha), repo / "blobs" / kSha);
  EXPECT_EQ(cache.snapshot_folder(kCommit), repo / "snapshots" / kCommit);
  EXPECT_EQ(cache.snapshot_file(kCommit, "a/b/c.bin"), repo / "snapshots" / kCommit / "a/b/c.bin");
  EXPECT_EQ(cache.ref("main"), repo / "refs/main");
  EXPECT_EQ(cache.ref("refs/pr/1"), repo / "refs/refs/pr/1");
  EXPECT_EQ(cache.no_exist(kCommit, "x/y.json"), repo / ".no_exist" / kCommit / "x/y.json");
  EXPECT_EQ(cache.lock(kSha), temp.path() / ".locks/models--org--name" / (kSha + ".lock"));
  EXPECT_EQ(cache.tree_cache(kCommit), repo / "trees" / (kCommit + ".json"));
  EXPECT_EQ(cache.partial_folder(kSha, "1a2b3c4d"),
            repo / "blobs" / (kSha + ".1a2b3c4d.incomplete"));
  const CacheLayout dataset(temp.path(), RepoId{RepoType::dataset, "ds"});
  EXPECT_EQ(dataset.repo_folder(), temp.path() / "datasets--ds");
}

TEST_F(CacheLayoutTest, NamesFromOutsideAreChecked) {
  EXPECT_THROW(cache.snapshot_file(kCommit, "../../x"), tf::Error);
  EXPECT_THROW(cache.snapshot_file("../" + kCommit.substr(3), "x"), tf::Error);
  EXPECT_THROW(cache.snapshot_folder("main"), tf::Error);
  EXPECT_THROW(cache.blob("../x"), tf::Error);
  EXPECT_THROW(cache.blob("a/b"), tf::Error);
  EXPECT_THROW(cache.ref("../../escape"), tf::Error);
  EXPECT_THROW(cache.ref("/abs"), tf::Error);
  EXPECT_THROW(cache.no_exist(kCommit, "/etc/x"), tf::Error);
  EXPECT_THROW(cache.partial_folder(kSha, "a.b"), tf::Error);
  try {
    cache.ref("..");
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::invalid_argument);
  }
}

// os.path.relpath(blob, dirname(pointer)), as _create_symlink computes it.
TEST_F(CacheLayoutTest, RelativeBlobTargetsMatchRelpath) {
  EXPECT_EQ(relative_blob_target("config.json", kOid), "../../blobs/" + kOid);
  EXPECT_EQ(relative_blob_target("a/config.json", kOid), "../../../blobs/" + kOid);
  EXPECT_EQ(relative_blob_target("a/b/c/d.bin", kSha), "../../../../../blobs/" + kSha);
  for (const std::string path : {"x", "a/x", "a/b/x", "a/b/c/d/e/f/x"}) {
    const fs::path pointer = cache.snapshot_file(kCommit, path);
    EXPECT_EQ(fs::path(relative_blob_target(path, kSha)),
              cache.blob(kSha).lexically_relative(pointer.parent_path()))
        << path;
  }
}

TEST_F(CacheLayoutTest, CacheDirTagHasTheStandardSignature) {
  ensure_cachedir_tag(temp.path() / "new/hub");
  const std::string tag = read_text(temp.path() / "new/hub/CACHEDIR.TAG");
  EXPECT_EQ(tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by huggingface_hub.\n"
            "# For information about cache directory tags, see:\n"
            "#\thttps://bford.info/cachedir/\n");
  write_text(temp.path() / "new/hub/CACHEDIR.TAG",
             "Signature: 8a477f597d28d172789f06886806bc55\nmine\n");
  ensure_cachedir_tag(temp.path() / "new/hub");
  EXPECT_EQ(read_text(temp.path() / "new/hub/CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\nmine\n");
}

TEST_F(CacheLayoutTest, RefsHoldTheBareCommit) {
  EXPECT_FALSE(read_ref(cache, "main"));
  write_ref(cache, "main", kCommit);
  EXPECT_EQ(read_text(cache.ref("main")), kCommit);  // no newline: Python reads it raw
  EXPECT_EQ(read_ref(cache, "main"), kCommit);
  write_ref(cache, "refs/pr/1", kOther);
  EXPECT_EQ(read_ref(cache, "refs/pr/1"), kOther);
  EXPECT_EQ(read_text(cache.ref("refs/pr/1")), kOther);
}

TEST_F(CacheLayoutTest, RefForACommitIsNotWritten) {
  write_ref(cache, kCommit, kCommit);
  EXPECT_FALSE(fs::exists(cache.repo_folder() / "refs"));
  EXPECT_THROW(write_ref(cache, "main", "not-a-commit"), tf::Error);
}

TEST_F(CacheLayoutTest, RefsAreReplacedAtomicallyAndLeaveNoTemporaryFiles) {
  write_ref(cache, "main", kCommit);
  struct stat before {};
  ::stat(cache.ref("main").c_str(), &before);
  write_ref(cache, "main", kOther);
  struct stat after {};
  ::stat(cache.ref("main").c_str(), &after);
  EXPECT_NE(before.st_ino, after.st_ino);  // a new file renamed over the old one
  EXPECT_EQ(read_ref(cache, "main"), kOther);
  EXPECT_EQ(folder_entries(cache.repo_folder() / "refs"), std::vector<std::string>{"main"});
  // An up-to-date ref is not rewritten (the cache may be read-only for this user).
  write_ref(cache, "main", kOther);
  struct stat again {};
  ::stat(cache.ref("main").c_str(), &again);
  EXPECT_EQ(after.st_ino, again.st_ino);
}

TEST_F(CacheLayoutTest, ReadRefToleratesWhitespaceAndRefusesGarbage) {
  write_text(cache.ref("main"), kCommit + "\n");
  EXPECT_EQ(read_ref(cache, "main"), kCommit);
  write_text(cache.ref("main"), "garbage");
  EXPECT_FALSE(read_ref(cache, "main"));
  write_text(cache.ref("refs/pr/1"), kCommit);
  EXPECT_FALSE(read_ref(cache, "refs/pr"));  // a folder, not a ref
}

TEST_F(CacheLayoutTest, SnapshotLinksAreRelativeAndResolveToTheBlob) {
  put_blob(kOid, "hello");
  put_blob(kSha, "weights!");
  const RepoFile top = regular_file("config.json", 5);
  const RepoFile nested = lfs_file("a/b/model.safetensors", 8);
  link_snapshot_file(cache, kCommit, top);
  link_snapshot_file(cache, kCommit, nested);
  const fs::path pointer = cache.snapshot_file(kCommit, nested.path);
  ASSERT_TRUE(fs::is_symlink(pointer));
  EXPECT_EQ(fs::read_symlink(pointer), "../../../../blobs/" + kSha);
  EXPECT_EQ(fs::read_symlink(cache.snapshot_file(kCommit, top.path)), "../../blobs/" + kOid);
  EXPECT_EQ(read_text(pointer), "weights!");
  EXPECT_TRUE(fs::equivalent(pointer, cache.blob(kSha)));
  EXPECT_TRUE(snapshot_file_present(cache, kCommit, top));
  EXPECT_TRUE(snapshot_file_present(cache, kCommit, nested));
  EXPECT_EQ(folder_entries(cache.snapshot_folder(kCommit) / "a/b"),
            std::vector<std::string>{"model.safetensors"});
}

TEST_F(CacheLayoutTest, SnapshotLinksSurviveMovingTheCache) {
  put_blob(kOid, "hello");
  link_snapshot_file(cache, kCommit, regular_file("d/config.json", 5));
  fs::rename(temp.path() / "models--org--name", temp.path() / "moved");
  EXPECT_EQ(read_text(temp.path() / "moved/snapshots" / kCommit / "d/config.json"), "hello");
}

TEST_F(CacheLayoutTest, AnExistingEntryIsReplacedAtomically) {
  put_blob(kOid, "old!!");
  put_blob(kSha, "new!!");
  const RepoFile file = regular_file("x.bin", 5);
  RepoFile changed = lfs_file("x.bin", 5);
  link_snapshot_file(cache, kCommit, file);
  link_snapshot_file(cache, kCommit, changed);
  EXPECT_EQ(fs::read_symlink(cache.snapshot_file(kCommit, "x.bin")), "../../blobs/" + kSha);
  EXPECT_EQ(read_text(cache.snapshot_file(kCommit, "x.bin")), "new!!");
  // A regular file (a copy left by a file system without symlinks) is replaced too.
  fs::remove(cache.snapshot_file(kCommit, "x.bin"));
  write_text(cache.snapshot_file(kCommit, "x.bin"), "stale");
  link_snapshot_file(cache, kCommit, changed);
  EXPECT_TRUE(fs::is_symlink(cache.snapshot_file(kCommit, "x.bin")));
  EXPECT_EQ(folder_entries(cache.snapshot_folder(kCommit)), std::vector<std::string>{"x.bin"});
}

TEST_F(CacheLayoutTest, LinkingTwiceKeepsTheSameLink) {
  put_blob(kOid, "hello");
  const RepoFile file = regular_file("config.json", 5);
  link_snapshot_file(cache, kCommit, file);
  struct stat before {};
  ::lstat(cache.snapshot_file(kCommit, file.path).c_str(), &before);
  link_snapshot_file(cache, kCommit, file);
  struct stat after {};
  ::lstat(cache.snapshot_file(kCommit, file.path).c_str(), &after);
  EXPECT_EQ(before.st_ino, after.st_ino);
}

TEST_F(CacheLayoutTest, CopyModeCopiesAndKeepsTheBlob) {
  put_blob(kSha, "weights!");
  const RepoFile file = lfs_file("sub/model.safetensors", 8);
  link_snapshot_file(cache, kCommit, file, SnapshotLinkMode::copy);
  const fs::path pointer = cache.snapshot_file(kCommit, file.path);
  EXPECT_FALSE(fs::is_symlink(pointer));
  EXPECT_EQ(read_text(pointer), "weights!");
  EXPECT_TRUE(fs::exists(cache.blob(kSha)));
  EXPECT_TRUE(snapshot_file_present(cache, kCommit, file));
  EXPECT_EQ(folder_entries(pointer.parent_path()), std::vector<std::string>{"model.safetensors"});
}

TEST_F(CacheLayoutTest, LinkingWithoutTheBlobIsAnError) {
  EXPECT_THROW(link_snapshot_file(cache, kCommit, regular_file("x", 1)), tf::Error);
  EXPECT_FALSE(fs::exists(cache.snapshot_file(kCommit, "x")));
}

TEST_F(CacheLayoutTest, PresenceNeedsTheRightBlobAndSize) {
  put_blob(kOid, "hello");
  put_blob(kSha, "other");
  const RepoFile file = regular_file("f", 5);
  EXPECT_FALSE(snapshot_file_present(cache, kCommit, file));
  link_snapshot_file(cache, kCommit, file);
  EXPECT_TRUE(snapshot_file_present(cache, kCommit, file));
  EXPECT_FALSE(snapshot_file_present(cache, kCommit, regular_file("f", 6)));
  EXPECT_FALSE(snapshot_file_present(cache, kCommit, lfs_file("f", 5)));  // links elsewhere
  fs::remove(cache.blob(kOid));
  EXPECT_FALSE(snapshot_file_present(cache, kCommit, file));  // dangling
}

TEST_F(CacheLayoutTest, NoExistMarkersAreEmptyFiles) {
  mark_no_exist(cache, kCommit, "sub/missing.json");
  const fs::path marker = cache.no_exist(kCommit, "sub/missing.json");
  EXPECT_TRUE(fs::is_regular_file(marker));
  EXPECT_EQ(fs::file_size(marker), 0u);
  EXPECT_NO_THROW(mark_no_exist(cache, kCommit, "sub/missing.json"));
}

TEST_F(CacheLayoutTest, PartialFoldersOfABlobAreFound) {
  EXPECT_TRUE(cache.partial_folders(kSha).empty());
  fs::create_directories(cache.partial_folder(kSha, "bbbb"));
  fs::create_directories(cache.partial_folder(kSha, "aaaa"));
  fs::create_directories(cache.partial_folder(kOid, "cccc"));
  write_text(cache.repo_folder() / "blobs" / (kSha + ".dddd.incomplete"), "a file, Python's");
  write_text(cache.repo_folder() / "blobs" / (kSha + ".incomplete"), "");
  fs::create_directories(cache.repo_folder() / "blobs" / (kSha + ".x.y.incomplete"));
  EXPECT_EQ(cache.partial_folders(kSha),
            (std::vector<fs::path>{cache.partial_folder(kSha, "aaaa"),
                                   cache.partial_folder(kSha, "bbbb")}));
}

}  // namespace
