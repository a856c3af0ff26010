// Files in, bytes out: FileToXorbs stores files as xorbs; build_reconstruction answers for the
// whole file or a range; the JSON (v1 and v2) is parsed and planned; xorb ranges are decoded
// (through multipart/byteranges when a URL serves several) and assembled. The bytes must come
// back identical.
#include <gtest/gtest.h>

#include <random>

#include "support/test_support.hpp"
#include "xet_store_support.hpp"

using tf::test::XetStore;
using tf::xet::ByteRange;

namespace {

struct NamedFile {
  std::string name;
  std::vector<uint8_t> data;
};

std::vector<NamedFile> test_files() {
  auto base = tf::test::random_bytes(2'500'000, 10);
  auto edited = base;
  const auto insert = tf::test::random_bytes(5000, 11);
  edited.insert(edited.begin() + 1'000'000, insert.begin(), insert.end());
  edited.erase(edited.begin() + 2'000'000, edited.begin() + 2'100'000);
  std::vector<uint8_t> mixed(900'000, 0);
  const auto noise = tf::test::random_bytes(300'000, 12);
  mixed.insert(mixed.begin() + 400'000, noise.begin(), noise.end());
  std::vector<uint8_t> doubled = base;
  doubled.insert(doubled.end(), base.begin(), base.begin() + 1'200'000);
  return {{"base", base},
          {"edited", edited},
          {"mixed", mixed},
          {"doubled", doubled},
          {"tiny", {'a', 'b', 'c'}},
          {"one chunk", tf::test::random_bytes(5000, 13)}};
}

void expect_same(const std::vector<uint8_t>& actual, std::span<const uint8_t> expected,
                 const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  EXPECT_TRUE(std::equal(actual.begin(), actual.end(), expected.begin())) << what;
}

}  // namespace

TEST(XetRoundTrip, WholeFilesAndRangesComeBackIdentical) {
  tf::xet::FileToXorbs::Options options;
  options.compression = tf::xet::CompressionPolicy::rotate;
  options.max_chunks_per_xorb = 5;
  XetStore store(options);
  std::mt19937 random(2024);
  const auto files = test_files();
  std::vector<tf::xet::StoredFile> stored;
  for (const auto& file : files)
    stored.push_back(store.store(file.data, {65536, 1000, 333333}));
  for (size_t f = 0; f < files.size(); ++f) {
    const auto& data = files[f].data;
    for (bool v1 : {false, true}) {
      const std::string version = v1 ? " (v1)" : " (v2)";
      expect_same(store.download(stored[f], std::nullopt, v1, random), data,
                  files[f].name + " whole" + version);
      std::vector<ByteRange> ranges = {{0, 0},
                                       {data.size() - 1, data.size() - 1},
                                       {0, data.size() - 1},
                                       {data.size() / 2, data.size() + 1000}};
      for (int i = 0; i < 12; ++i) {
        const uint64_t first = random() % data.size();
        ranges.push_back({first, first + random() % 600'000});
      }
      for (const ByteRange& range : ranges) {
        const uint64_t last = std::min<uint64_t>(range.last, data.size() - 1);
        expect_same(store.download(stored[f], range, v1, random),
                    std::span(data).subspan(range.first, last - range.first + 1),
                    files[f].name + " bytes " + std::to_string(range.first) + "-" +
                        std::to_string(range.last) + version);
      }
    }
  }
  // Deduplicated files reuse parts of xorbs, so some URLs serve several ranges.
  EXPECT_GT(store.multipart_requests(), 0u);
}
