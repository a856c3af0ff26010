#include "engine/xet/xorb_builder.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "engine/xet/chunker.hpp"
#include "engine/xet/xet_hashes.hpp"
#include "engine/xet/xorb_range_decoder.hpp"
#include "io/error.hpp"
#include "xorb_test_support.hpp"

using tf::xet::BuiltXorb;
using tf::xet::CompressionPolicy;
using tf::xet::CompressionScheme;
using tf::xet::XorbBuilder;

namespace {

std::vector<std::vector<uint8_t>> decode_all(const BuiltXorb& xorb) {
  std::vector<std::vector<uint8_t>> chunks;
  tf::xet::XorbRangeDecoder decoder(0, static_cast<uint32_t>(xorb.chunks.size()),
                                    [&](uint32_t, std::span<const uint8_t> data) {
                                      chunks.emplace_back(data.begin(), data.end());
                                    });
  decoder.feed(xorb.bytes);
  decoder.finish();
  return chunks;
}

}  // namespace

TEST(XorbBuilder, RecordsChunkOffsetsHashesAndTheXorbHash) {
  const auto chunks = tf::test::varied_chunks(15, 11);
  XorbBuilder builder(CompressionPolicy::smallest);
  for (const auto& chunk : chunks)
    ASSERT_TRUE(builder.try_add(chunk));
  EXPECT_EQ(builder.chunk_count(), 15u);
  const uint64_t size = builder.serialized_size();
  const BuiltXorb xorb = builder.finish();
  EXPECT_TRUE(builder.empty());
  EXPECT_EQ(builder.serialized_size(), 0u);
  ASSERT_EQ(xorb.bytes.size(), size);
  std::vector<tf::xet::MerkleNode> nodes;
  uint64_t expected_start = 0;
  for (size_t i = 0; i < chunks.size(); ++i) {
    const auto& info = xorb.chunks[i];
    EXPECT_EQ(info.byte_start, expected_start);
    const auto header = tf::xet::parse_chunk_header(
        std::span(xorb.bytes).subspan(info.byte_start).first<tf::xet::chunk_header_size>());
    EXPECT_EQ(info.byte_end,
              info.byte_start + tf::xet::chunk_header_size + header.compressed_length);
    EXPECT_EQ(info.scheme, header.scheme);
    EXPECT_EQ(info.size, chunks[i].size());
    EXPECT_EQ(info.hash, tf::xet::chunk_hash(chunks[i]));
    nodes.push_back({info.hash, info.size});
    expected_start = info.byte_end;
  }
  EXPECT_EQ(expected_start, xorb.bytes.size());
  EXPECT_EQ(xorb.hash, tf::xet::xorb_hash(nodes));
  EXPECT_EQ(decode_all(xorb), chunks);
}

TEST(XorbBuilder, XorbHashMatchesTheReferenceVector) {
  // 'hello xet '*50000 from xet_test_vectors.json, packed as one xorb.
  std::vector<uint8_t> data;
  const std::string phrase = "hello xet ";
  for (int i = 0; i < 50000; ++i)
    data.insert(data.end(), phrase.begin(), phrase.end());
  XorbBuilder builder(CompressionPolicy::rotate);
  size_t offset = 0;
  for (size_t length : tf::xet::chunk_lengths(data)) {
    ASSERT_TRUE(builder.try_add(std::span(data).subspan(offset, length)));
    offset += length;
  }
  const BuiltXorb xorb = builder.finish();
  EXPECT_EQ(xorb.hash.hex(), "74e8fd520aab0c43ea0134f78492b1e3c3bbc10c254a2850bbd59f9fb8becd62");
}

TEST(XorbBuilder, PoliciesPickTheirSchemes) {
  const auto chunks = tf::test::varied_chunks(9, 12);
  const auto schemes_with = [&](CompressionPolicy policy) {
    XorbBuilder builder(policy);
    for (const auto& chunk : chunks)
      EXPECT_TRUE(builder.try_add(chunk));
    const BuiltXorb xorb = builder.finish();
    EXPECT_EQ(decode_all(xorb), chunks);
    std::vector<CompressionScheme> schemes;
    for (const auto& info : xorb.chunks)
      schemes.push_back(info.scheme);
    return schemes;
  };
  using enum CompressionScheme;
  EXPECT_EQ(schemes_with(CompressionPolicy::none), std::vector<CompressionScheme>(9, none));
  EXPECT_EQ(schemes_with(CompressionPolicy::lz4), std::vector<CompressionScheme>(9, lz4));
  EXPECT_EQ(schemes_with(CompressionPolicy::bg4_lz4), std::vector<CompressionScheme>(9, bg4_lz4));
  EXPECT_EQ(
      schemes_with(CompressionPolicy::rotate),
      (std::vector<CompressionScheme>{none, lz4, bg4_lz4, none, lz4, bg4_lz4, none, lz4, bg4_lz4}));
  // Chunk 6 is text (LZ4 wins), 7 float-like and big (BG4 wins), 8 random (stays raw).
  const auto smallest = schemes_with(CompressionPolicy::smallest);
  EXPECT_EQ(smallest[6], lz4);
  EXPECT_EQ(smallest[7], bg4_lz4);
  EXPECT_EQ(smallest[8], none);
}

TEST(XorbBuilder, RefusesTheChunkAfterTheChunkLimit) {
  XorbBuilder builder(CompressionPolicy::none);
  const std::vector<uint8_t> tiny{1};
  for (size_t i = 0; i < tf::xet::max_xorb_chunks; ++i)
    ASSERT_TRUE(builder.try_add(tiny));
  EXPECT_FALSE(builder.try_add(tiny));
  EXPECT_EQ(builder.chunk_count(), tf::xet::max_xorb_chunks);
  EXPECT_EQ(builder.finish().chunks.size(), tf::xet::max_xorb_chunks);
  EXPECT_TRUE(builder.try_add(tiny));
}

TEST(XorbBuilder, RefusesTheChunkThatWouldPassTheByteLimit) {
  XorbBuilder builder(CompressionPolicy::none);
  const auto chunk = tf::test::random_bytes(tf::xet::max_chunk_size, 13);
  const size_t per_chunk = tf::xet::chunk_header_size + chunk.size();
  const size_t fitting = tf::xet::max_xorb_bytes / per_chunk;
  for (size_t i = 0; i < fitting; ++i)
    ASSERT_TRUE(builder.try_add(chunk));
  const uint64_t size = builder.serialized_size();
  EXPECT_FALSE(builder.try_add(chunk));
  EXPECT_EQ(builder.serialized_size(), size);
  EXPECT_LE(size, tf::xet::max_xorb_bytes);
  // A small chunk still fits in what is left.
  EXPECT_TRUE(builder.try_add(std::span(chunk).first(100)));
}

TEST(XorbBuilder, RejectsEmptyAndOversizedChunks) {
  XorbBuilder builder;
  EXPECT_THROW(builder.try_add({}), tf::Error);
  EXPECT_THROW(builder.try_add(std::vector<uint8_t>(tf::xet::max_chunk_size + 1)), tf::Error);
  EXPECT_TRUE(builder.empty());
  EXPECT_TRUE(builder.finish().hash.is_zero());
}
