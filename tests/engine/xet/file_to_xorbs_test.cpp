#include "engine/xet/file_to_xorbs.hpp"

#include <gtest/gtest.h>

#include "io/sha256.hpp"
#include "support/test_support.hpp"
#include "xet_store_support.hpp"

using tf::test::XetStore;
using tf::xet::FileToXorbs;
using tf::xet::StoredFile;

namespace {

FileToXorbs::Options small_xorbs() {
  FileToXorbs::Options options;
  options.compression = tf::xet::CompressionPolicy::rotate;
  options.max_chunks_per_xorb = 7;
  return options;
}

// The file hash computed the plain way: chunk the whole buffer, hash each chunk.
tf::xet::MerkleHash reference_file_hash(std::span<const uint8_t> data) {
  std::vector<tf::xet::MerkleNode> nodes;
  size_t offset = 0;
  for (size_t length : tf::xet::chunk_lengths(data)) {
    nodes.push_back({tf::xet::chunk_hash(data.subspan(offset, length)), length});
    offset += length;
  }
  return tf::xet::file_hash(nodes);
}

uint64_t terms_length(const StoredFile& file) {
  uint64_t total = 0;
  for (const auto& term : file.terms)
    total += term.unpacked_length;
  return total;
}

std::vector<uint8_t> with_insertion(std::vector<uint8_t> data, size_t at, size_t count) {
  const auto extra = tf::test::random_bytes(count, 777);
  data.insert(data.begin() + static_cast<std::ptrdiff_t>(at), extra.begin(), extra.end());
  return data;
}

}  // namespace

TEST(FileToXorbs, DescribesTheFileWithItsHashesAndTerms) {
  XetStore store(small_xorbs());
  const auto data = tf::test::random_bytes(3'000'000, 1);
  const StoredFile file = store.store(data);
  EXPECT_EQ(file.size, data.size());
  EXPECT_EQ(terms_length(file), data.size());
  EXPECT_EQ(file.file_hash, reference_file_hash(data));
  EXPECT_EQ(file.sha256, tf::io::Sha256::of(data));
  EXPECT_EQ(file.chunk_count, tf::xet::chunk_lengths(data).size());
  EXPECT_EQ(file.deduplicated_chunks, 0u);
  // Random data: every chunk is new, so terms are whole xorbs of 7 chunks.
  EXPECT_EQ(store.xorbs().size(), (file.chunk_count + 6) / 7);
  for (const auto& term : file.terms) {
    ASSERT_TRUE(store.xorbs().contains(term.xorb));
    EXPECT_LE(term.chunks.end, store.xorbs().at(term.xorb).chunks.size());
  }
}

TEST(FileToXorbs, MatchesTheXetReferenceVector) {
  // xorshift32(seed=12345), 1,000,000 bytes, from xet_test_vectors.json.
  std::vector<uint8_t> data(1000000);
  uint32_t x = 12345;
  for (auto& byte : data) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    byte = static_cast<uint8_t>(x & 255);
  }
  XetStore store;
  const StoredFile file = store.store(data, {4097});
  EXPECT_EQ(file.file_hash.hex(),
            "0421c81c5019e7859213a211483f723c94fe6b3ef026bf6b4aa657a42594c95d");
  EXPECT_EQ(file.chunk_count, 22u);
  // All 22 chunks fit one xorb, whose hash is the vector's xorb hash.
  ASSERT_EQ(store.xorbs().size(), 1u);
  EXPECT_EQ(store.xorbs().begin()->first.hex(),
            "5fffa168216101d5fd8e61520d88ae56afc703b870d6f6f7596c85d17d1ae3a2");
}

TEST(FileToXorbs, DeduplicatesAcrossFilesAndWithinAFile) {
  XetStore store(small_xorbs());
  const auto original = tf::test::random_bytes(3'000'000, 2);
  const StoredFile first = store.store(original);
  const size_t xorbs_after_first = store.xorbs().size();
  const StoredFile edited = store.store(with_insertion(original, 1'500'000, 1000));
  // An insertion changes the chunk around it (and perhaps the next); the rest is reused.
  EXPECT_GE(edited.deduplicated_chunks + 3, edited.chunk_count);
  EXPECT_LE(store.xorbs().size(), xorbs_after_first + 1);
  EXPECT_NE(edited.file_hash, first.file_hash);
  const StoredFile again = store.store(original, {1, 100000});
  EXPECT_EQ(again.file_hash, first.file_hash);
  EXPECT_EQ(again.terms, first.terms);
  EXPECT_EQ(again.deduplicated_chunks, again.chunk_count);

  // 1 MB of zeros is eight identical 128 KiB chunks: stored once.
  XetStore fresh(small_xorbs());
  const std::vector<uint8_t> zeros(1 << 20, 0);
  const StoredFile zero_file = fresh.store(zeros);
  EXPECT_EQ(zero_file.chunk_count, 8u);
  EXPECT_EQ(zero_file.deduplicated_chunks, 7u);
  EXPECT_EQ(fresh.index().size(), 1u);
  ASSERT_EQ(zero_file.terms.size(), 8u);
  for (const auto& term : zero_file.terms)
    EXPECT_EQ(term.chunks, (tf::xet::ChunkRange{0, 1}));
}

TEST(FileToXorbs, ResultDoesNotDependOnHowTheBytesArrive) {
  const auto data = tf::test::random_bytes(1'000'000, 3);
  XetStore a(small_xorbs());
  XetStore b(small_xorbs());
  const StoredFile whole = a.store(data, {data.size()});
  const StoredFile pieces = b.store(data, {1, 7, 8192, 131072, 3});
  EXPECT_EQ(whole.terms, pieces.terms);
  EXPECT_EQ(whole.file_hash, pieces.file_hash);
  EXPECT_EQ(whole.sha256, pieces.sha256);
  EXPECT_EQ(a.xorbs().size(), b.xorbs().size());
}

TEST(FileToXorbs, EmptyAndTinyFiles) {
  XetStore store;
  const StoredFile empty = store.store({});
  EXPECT_TRUE(empty.terms.empty());
  EXPECT_TRUE(empty.file_hash.is_zero());
  EXPECT_EQ(tf::io::to_hex(empty.sha256),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_TRUE(store.xorbs().empty());
  const std::vector<uint8_t> abc{'a', 'b', 'c'};
  const StoredFile tiny = store.store(abc);
  EXPECT_EQ(tiny.file_hash.hex(),
            "55b9df318a7c45f470d57b04d8ca79a15b0637ffe94b25041a58d00c3528afff");
  ASSERT_EQ(tiny.terms.size(), 1u);
  EXPECT_EQ(tiny.terms[0].unpacked_length, 3u);
}

TEST(FileToXorbs, EveryStoredXorbIsConsistent) {
  XetStore store(small_xorbs());
  store.store(tf::test::random_bytes(2'000'000, 4));
  store.store(std::vector<uint8_t>(500'000, 9));
  for (const auto& [hash, xorb] : store.xorbs()) {
    EXPECT_LE(xorb.chunks.size(), 7u);
    std::vector<tf::xet::MerkleNode> nodes;
    for (uint32_t i = 0; i < xorb.chunks.size(); ++i) {
      nodes.push_back({xorb.chunks[i].hash, xorb.chunks[i].size});
      EXPECT_EQ(store.index().at(xorb.chunks[i].hash), (tf::xet::ChunkLocation{hash, i}));
    }
    EXPECT_EQ(tf::xet::xorb_hash(nodes), hash);
  }
}
