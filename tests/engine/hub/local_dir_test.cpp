// --local-dir as huggingface_hub's _local_folder.py: paths, the three-line metadata, and its
// validity rule (file mtime - 1 <= metadata time).
#include "engine/hub/local_dir.hpp"

#include <sys/stat.h>
#include <sys/time.h>

#include <chrono>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/hub/cache_layout.hpp"
#include "io/error.hpp"
#include "support/test_support.hpp"

using namespace tf::engine::hub;
namespace fs = std::filesystem;

namespace {

const std::string kCommit = "11c5a3d5811f50298f278a704980280950aedb10";
const std::string kEtag = "a16a55fda99d2f2e7b69cce5cf93ff4ad3049930";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

void set_mtime(const fs::path& path, double seconds) {
  const auto whole = static_cast<time_t>(seconds);
  const timeval times[2] = {{whole, 0}, {whole, static_cast<suseconds_t>((seconds - whole) * 1e6)}};
  ASSERT_EQ(::utimes(path.c_str(), times), 0);
}

double now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

class LocalDirTest : public ::testing::Test {
 protected:
  tf::test::TempDir temp;
  LocalDir local{temp.path()};
};

TEST_F(LocalDirTest, PathsAreHuggingfaceHubs) {
  const fs::path root = temp.path();
  EXPECT_EQ(local.file("folder/file.parquet"), root / "folder/file.parquet");
  EXPECT_EQ(local.metadata_file("folder/file.parquet"),
            root / ".cache/huggingface/download/folder/file.parquet.metadata");
  EXPECT_EQ(local.tree_cache(kCommit), root / ".cache/huggingface/trees" / (kCommit + ".json"));
  const fs::path partial = local.partial_folder("folder/file.parquet");
  EXPECT_EQ(partial.parent_path(), root / ".cache/huggingface/download/folder");
  EXPECT_TRUE(partial.filename().string().ends_with(".incomplete"));
  EXPECT_EQ(partial.filename().string().size(), 32u + 11u);
  EXPECT_EQ(local.partial_folder("folder/file.parquet"), partial);  // stable across runs
  EXPECT_NE(local.partial_folder("folder/other.parquet"), partial);
  EXPECT_THROW(local.file("../outside"), tf::Error);
  EXPECT_THROW(local.metadata_file("/abs"), tf::Error);
}

TEST_F(LocalDirTest, CacheFolderHasGitignoreAndTag) {
  local.ensure_cache_folder();
  EXPECT_EQ(read_text(temp.path() / ".cache/huggingface/.gitignore"), "*");
  EXPECT_TRUE(read_text(temp.path() / ".cache/huggingface/CACHEDIR.TAG")
                  .starts_with("Signature: 8a477f597d28d172789f06886806bc55\n"));
  write_text(temp.path() / ".cache/huggingface/.gitignore", "mine");
  local.ensure_cache_folder();
  EXPECT_EQ(read_text(temp.path() / ".cache/huggingface/.gitignore"), "mine");
}

TEST_F(LocalDirTest, MetadataIsThreeLines) {
  write_text(local.file("a/b.txt"), "data");
  const double before = now();
  local.write_metadata("a/b.txt", kCommit, kEtag);
  const double after = now();
  const std::string text = read_text(local.metadata_file("a/b.txt"));
  const auto first = text.find('\n');
  const auto second = text.find('\n', first + 1);
  EXPECT_EQ(text.substr(0, first), kCommit);
  EXPECT_EQ(text.substr(first + 1, second - first - 1), kEtag);
  const std::string time = text.substr(second + 1);
  ASSERT_TRUE(time.ends_with("\n"));
  EXPECT_NE(time.find('.'), std::string::npos);  // str(float)
  const double written = std::stod(time);
  EXPECT_GE(written, before - 0.001);
  EXPECT_LE(written, after + 0.001);
  EXPECT_TRUE(fs::exists(temp.path() / ".cache/huggingface/.gitignore"));
  const auto metadata = local.read_metadata("a/b.txt");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->commit, kCommit);
  EXPECT_EQ(metadata->etag, kEtag);
  EXPECT_DOUBLE_EQ(metadata->timestamp, written);
  EXPECT_TRUE(local.up_to_date("a/b.txt", kEtag));
  EXPECT_FALSE(local.up_to_date("a/b.txt", "other"));
}

TEST_F(LocalDirTest, ReadsTheDocstringsExample) {
  write_text(local.file("file.txt"), "x");
  set_mtime(local.file("file.txt"), 1712656091.0);
  write_text(local.metadata_file("file.txt"), kCommit + "\n" + kEtag + "\n1712656091.123\n");
  const auto metadata = local.read_metadata("file.txt");
  ASSERT_TRUE(metadata);
  EXPECT_DOUBLE_EQ(metadata->timestamp, 1712656091.123);
}

TEST_F(LocalDirTest, ValidOnlyWhileMtimeMinusOneIsAtMostTheTimestamp) {
  write_text(local.file("f.bin"), "x");
  write_text(local.metadata_file("f.bin"), kCommit + "\n" + kEtag + "\n1000000000.5\n");
  set_mtime(local.file("f.bin"), 1000000001.5);  // exactly one second later: still valid
  EXPECT_TRUE(local.read_metadata("f.bin"));
  set_mtime(local.file("f.bin"), 1000000001.75);  // modified after: outdated
  EXPECT_FALSE(local.read_metadata("f.bin"));
  EXPECT_FALSE(local.up_to_date("f.bin", kEtag));
  EXPECT_TRUE(fs::exists(local.metadata_file("f.bin")));  // outdated is kept, not removed
  set_mtime(local.file("f.bin"), 900000000);
  EXPECT_TRUE(local.up_to_date("f.bin", kEtag));
  fs::remove(local.file("f.bin"));
  EXPECT_FALSE(local.read_metadata("f.bin"));
  EXPECT_FALSE(local.up_to_date("f.bin", kEtag));
}

TEST_F(LocalDirTest, CorruptedMetadataIsRemoved) {
  write_text(local.file("f.bin"), "x");
  for (const std::string& text :
       {kCommit + "\n" + kEtag + "\n", kCommit + "\n" + kEtag + "\nsoon\n", std::string(""),
        kCommit + "\n"}) {
    write_text(local.metadata_file("f.bin"), text);
    EXPECT_FALSE(local.read_metadata("f.bin")) << text;
    EXPECT_FALSE(fs::exists(local.metadata_file("f.bin"))) << text;
  }
  EXPECT_FALSE(local.read_metadata("never-written"));
}

TEST_F(LocalDirTest, MetadataLinesAreStripped) {
  write_text(local.file("f.bin"), "x");
  set_mtime(local.file("f.bin"), 1000);
  write_text(local.metadata_file("f.bin"),
             "  " + kCommit + " \r\n\t" + kEtag + "\n 1000.25 \nextra\n");
  const auto metadata = local.read_metadata("f.bin");
  ASSERT_TRUE(metadata);
  EXPECT_EQ(metadata->commit, kCommit);
  EXPECT_EQ(metadata->etag, kEtag);
  EXPECT_DOUBLE_EQ(metadata->timestamp, 1000.25);
}

TEST_F(LocalDirTest, MetadataRefusesMultilineValues) {
  EXPECT_THROW(local.write_metadata("f", kCommit + "\nx", kEtag), tf::Error);
}

TEST_F(LocalDirTest, TreeListingsLiveUnderCacheHuggingface) {
  RepoFile file;
  file.path = "a.txt";
  file.size = 1;
  file.git_oid = kEtag;
  write_tree_cache_file(local.tree_cache(kCommit), {file});
  const auto files = read_tree_cache_file(local.tree_cache(kCommit));
  ASSERT_TRUE(files);
  EXPECT_EQ(files->at(0).git_oid, kEtag);
}

}  // namespace
