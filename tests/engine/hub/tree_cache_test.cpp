// trees/<commit>.json exactly as huggingface_hub's _tree_cache.py writes it (json.dump with
// indent=1, ensure_ascii, files sorted by path), and read back only when fully usable.
#include <fstream>

#include <gtest/gtest.h>

#include "engine/hub/cache_layout.hpp"
#include "support/test_support.hpp"

using namespace tf::engine::hub;
namespace fs = std::filesystem;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kOid = "d7edf6bd2a681fb0175f7735299831ee1b22b812";
const std::string kOid2 = "403450e234d65943a7dcf7e05a771ce3c92faa84";
const std::string kSha = "403450e234d65943a7dcf7e05a771ce3c92faa84dd07db4ac20f592037a1e4bd";
const std::string kXet = "0000000000000000000000000000000000000000000000000000000000000001";

std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::vector<RepoFile> sample_files() {
  RepoFile lfs;
  lfs.path = "model.safetensors";
  lfs.size = 1234;
  lfs.git_oid = kOid2;
  lfs.lfs_sha256 = kSha;
  lfs.xet_hash = kXet;
  lfs.last_commit = kCommit;  // not stored
  RepoFile regular;
  regular.path = "config.json";
  regular.size = 519;
  regular.git_oid = kOid;
  return {lfs, regular};
}

class TreeCacheTest : public ::testing::Test {
 protected:
  tf::test::TempDir temp;
  CacheLayout cache{temp.path(), RepoId{RepoType::model, "org/name"}};
};

TEST_F(TreeCacheTest, WritesThePythonBytes) {
  write_tree_cache(cache, kCommit, sample_files());
  EXPECT_EQ(read_text(cache.tree_cache(kCommit)),
            "{\n"
            " \"format_version\": 1,\n"
            " \"files\": {\n"
            "  \"config.json\": {\n"
            "   \"size\": 519,\n"
            "   \"blob_id\": \"" +
                kOid +
                "\"\n"
                "  },\n"
                "  \"model.safetensors\": {\n"
                "   \"size\": 1234,\n"
                "   \"blob_id\": \"" +
                kOid2 +
                "\",\n"
                "   \"lfs_sha256\": \"" +
                kSha +
                "\",\n"
                "   \"lfs_size\": 1234,\n"
                "   \"xet_hash\": \"" +
                kXet +
                "\"\n"
                "  }\n"
                " }\n"
                "}");
  EXPECT_EQ(fs::directory_iterator(cache.tree_cache(kCommit).parent_path())->path(),
            cache.tree_cache(kCommit));  // no temporary file left
}

TEST_F(TreeCacheTest, EmptyListingAndNonAsciiPaths) {
  write_tree_cache(cache, kCommit, {});
  EXPECT_EQ(read_text(cache.tree_cache(kCommit)), "{\n \"format_version\": 1,\n \"files\": {}\n}");
  RepoFile file;
  file.path = "日本/é.txt";
  file.size = 1;
  file.git_oid = kOid;
  write_tree_cache(cache, kCommit, {file});
  EXPECT_NE(read_text(cache.tree_cache(kCommit)).find("\"\\u65e5\\u672c/\\u00e9.txt\": {"),
            std::string::npos);
  EXPECT_EQ(read_tree_cache(cache, kCommit)->at(0).path, "日本/é.txt");
}

TEST_F(TreeCacheTest, RoundTrip) {
  write_tree_cache(cache, kCommit, sample_files());
  const auto files = read_tree_cache(cache, kCommit);
  ASSERT_TRUE(files);
  ASSERT_EQ(files->size(), 2u);
  EXPECT_EQ((*files)[0].path, "config.json");
  EXPECT_EQ((*files)[0].git_oid, kOid);
  EXPECT_FALSE((*files)[0].lfs_sha256);
  EXPECT_EQ((*files)[1].path, "model.safetensors");
  EXPECT_EQ((*files)[1].size, 1234u);
  EXPECT_EQ((*files)[1].lfs_sha256, kSha);
  EXPECT_EQ((*files)[1].xet_hash, kXet);
  EXPECT_EQ((*files)[1].etag(), kSha);
  EXPECT_FALSE((*files)[1].last_commit);
}

TEST_F(TreeCacheTest, ReadsWhatPythonWrites) {
  // TreeCacheEntry.to_json writes lfs_size even when it is None.
  write_text(cache.tree_cache(kCommit),
             R"({"format_version": 1, "files": {"a.bin": {"size": 3, "blob_id": ")" + kOid +
                 R"(", "lfs_sha256": ")" + kSha + R"(", "lfs_size": null}}})");
  const auto files = read_tree_cache(cache, kCommit);
  ASSERT_TRUE(files);
  EXPECT_EQ(files->at(0).lfs_sha256, kSha);
}

TEST_F(TreeCacheTest, UnusableListingsAreIgnored) {
  EXPECT_FALSE(read_tree_cache(cache, kCommit));
  const std::string entry = R"({"size": 3, "blob_id": ")" + kOid + "\"";
  auto listing = [&](const std::string& version, const std::string& path,
                     const std::string& extra) {
    return R"({"format_version": )" + version + R"(, "files": {")" + path + "\": " + entry + extra +
           "}}}";
  };
  ASSERT_TRUE(read_tree_cache_file(temp.path() / "missing.json") == std::nullopt);
  for (const std::string& text : std::vector<std::string>{
           std::string("not json"), std::string("[]"), listing("2", "a", ""),
           listing("\"1\"", "a", ""), listing("1", "../a", ""),
           listing("1", "a", R"(, "xet_hash": "bad")"),
           listing("1", "a", R"(, "lfs_sha256": "bad")"),
           listing("1", "a", R"(, "lfs_sha256": ")" + kSha + R"(", "lfs_size": 4)"),
           R"({"format_version": 1, "files": {"a": {"size": -1, "blob_id": ")" + kOid + R"("}}})",
           R"({"format_version": 1, "files": {"a": {"size": 1}}})", R"({"format_version": 1})"}) {
    write_text(cache.tree_cache(kCommit), text);
    EXPECT_FALSE(read_tree_cache(cache, kCommit)) << text;
  }
  write_text(cache.tree_cache(kCommit), listing("1", "a", ""));
  EXPECT_TRUE(read_tree_cache(cache, kCommit));
  write_text(cache.tree_cache(kCommit), listing("1.0", "a", ""));
  EXPECT_TRUE(read_tree_cache(cache, kCommit));  // Python compares 1.0 == 1
}

}  // namespace
