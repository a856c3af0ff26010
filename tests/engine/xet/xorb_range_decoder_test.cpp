#include "engine/xet/xorb_range_decoder.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "engine/xet/xorb_builder.hpp"
#include "io/error.hpp"
#include "xorb_test_support.hpp"

using tf::xet::BuiltXorb;
using tf::xet::CompressionPolicy;
using tf::xet::XorbBuilder;
using tf::xet::XorbRangeDecoder;

namespace {

struct Decoded {
  std::vector<uint32_t> indices;
  std::vector<std::vector<uint8_t>> chunks;
};

BuiltXorb build(const std::vector<std::vector<uint8_t>>& chunks, CompressionPolicy policy) {
  XorbBuilder builder(policy);
  for (const auto& chunk : chunks)
    EXPECT_TRUE(builder.try_add(chunk));
  return builder.finish();
}

// The serialized bytes of chunks [first, end) of a built xorb.
std::span<const uint8_t> range_bytes(const BuiltXorb& xorb, size_t first, size_t end) {
  const uint64_t start = xorb.chunks[first].byte_start;
  return std::span(xorb.bytes).subspan(start, xorb.chunks[end - 1].byte_end - start);
}

// Decodes `bytes` fed in pieces of the given sizes (cycled).
Decoded decode(std::span<const uint8_t> bytes, uint32_t first, uint32_t count,
               const std::vector<size_t>& pieces) {
  Decoded out;
  XorbRangeDecoder decoder(first, count, [&](uint32_t index, std::span<const uint8_t> data) {
    out.indices.push_back(index);
    out.chunks.emplace_back(data.begin(), data.end());
  });
  for (size_t pos = 0, i = 0; pos < bytes.size(); ++i) {
    const size_t size = std::min(pieces[i % pieces.size()], bytes.size() - pos);
    decoder.feed(bytes.subspan(pos, size));
    pos += size;
  }
  decoder.finish();
  EXPECT_EQ(decoder.chunks_decoded(), count);
  EXPECT_EQ(decoder.bytes_consumed(), bytes.size());
  return out;
}

void expect_chunks(const Decoded& decoded, const std::vector<std::vector<uint8_t>>& chunks,
                   uint32_t first) {
  ASSERT_EQ(decoded.chunks.size(), chunks.size());
  for (size_t i = 0; i < chunks.size(); ++i) {
    EXPECT_EQ(decoded.indices[i], first + i);
    EXPECT_EQ(decoded.chunks[i], chunks[i]) << "chunk " << first + i;
  }
}

// Feeds `bytes` whole and finishes; expects a protocol error mentioning `needle`.
void expect_rejected(std::span<const uint8_t> bytes, uint32_t count, const std::string& needle) {
  XorbRangeDecoder decoder(
      0, count, [](uint32_t, std::span<const uint8_t>) {}, "xorb abc");
  try {
    decoder.feed(bytes);
    decoder.finish();
    FAIL() << "accepted a bad range; expected an error mentioning '" << needle << "'";
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("xorb abc"), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(XorbRangeDecoder, DecodesAWholeXorbInAnyPieces) {
  const auto chunks = tf::test::varied_chunks(24, 3);
  const BuiltXorb xorb = build(chunks, CompressionPolicy::rotate);
  const auto all = std::span<const uint8_t>(xorb.bytes);
  expect_chunks(decode(all, 0, 24, {all.size()}), chunks, 0);
  expect_chunks(decode(all, 0, 24, {1}), chunks, 0);
  expect_chunks(decode(all, 0, 24, {7, 8, 9}), chunks, 0);
  std::mt19937 random(1);
  for (int round = 0; round < 20; ++round) {
    std::vector<size_t> pieces;
    for (int i = 0; i < 20; ++i)
      pieces.push_back(1 + random() % 150000);
    expect_chunks(decode(all, 0, 24, pieces), chunks, 0);
  }
}

TEST(XorbRangeDecoder, DecodesASubRangeWithItsChunkIndices) {
  const auto chunks = tf::test::varied_chunks(20, 4);
  const BuiltXorb xorb = build(chunks, CompressionPolicy::smallest);
  for (auto [first, end] : {std::pair{5u, 12u}, std::pair{0u, 1u}, std::pair{19u, 20u}}) {
    const std::vector<std::vector<uint8_t>> expected(chunks.begin() + first, chunks.begin() + end);
    expect_chunks(decode(range_bytes(xorb, first, end), first, end - first, {4096}), expected,
                  first);
  }
}

TEST(XorbRangeDecoder, HandsOutUncompressedChunksWithoutCopying) {
  const auto chunks = tf::test::varied_chunks(3, 5);
  const BuiltXorb xorb = build(chunks, CompressionPolicy::none);
  const uint8_t* begin = xorb.bytes.data();
  size_t calls = 0;
  XorbRangeDecoder decoder(0, 3, [&](uint32_t index, std::span<const uint8_t> data) {
    EXPECT_EQ(data.data(), begin + xorb.chunks[index].byte_start + tf::xet::chunk_header_size);
    ++calls;
  });
  decoder.feed(xorb.bytes);
  decoder.finish();
  EXPECT_EQ(calls, 3u);
}

TEST(XorbRangeDecoder, RejectsBadHeaders) {
  const BuiltXorb xorb = build(tf::test::varied_chunks(4, 6), CompressionPolicy::lz4);
  const size_t second = xorb.chunks[1].byte_start;
  auto bad_version = xorb.bytes;
  bad_version[second] = 1;
  expect_rejected(bad_version, 4, "chunk 1 at byte " + std::to_string(second));
  expect_rejected(bad_version, 4, "unsupported version 1");
  auto bad_scheme = xorb.bytes;
  bad_scheme[second + 4] = 7;
  expect_rejected(bad_scheme, 4, "unknown compression scheme 7");
  auto bad_length = xorb.bytes;
  bad_length[second + 3] = 0x7f;  // compressed length ~8 MiB
  expect_rejected(bad_length, 4, "compressed length must be 1 to");
}

TEST(XorbRangeDecoder, RejectsWrongDecodedSizesAndCorruptFrames) {
  const BuiltXorb xorb = build(tf::test::varied_chunks(6, 7), CompressionPolicy::lz4);
  const size_t fifth = xorb.chunks[4].byte_start;  // 1000 bytes, LZ4
  auto wrong_size = xorb.bytes;
  wrong_size[fifth + 5] ^= 1;  // uncompressed length 1000 -> 1001
  expect_rejected(wrong_size, 6, "chunk 4 (LZ4)");
  expect_rejected(wrong_size, 6, "decodes to only 1000 bytes");
  auto corrupt = xorb.bytes;
  corrupt[fifth + tf::xet::chunk_header_size] ^= 0xff;  // the frame magic
  expect_rejected(corrupt, 6, "magic");
  // The last chunk's frame loses its end mark; its header's compressed length follows suit.
  const size_t last = xorb.chunks[5].byte_start;
  auto truncated_frame = xorb.bytes;
  truncated_frame.pop_back();
  truncated_frame[last + 1] -= 1;  // compressed length (low byte; it is not 0 for this frame)
  expect_rejected(truncated_frame, 6, "chunk 5 (LZ4)");
  expect_rejected(truncated_frame, 6, "truncated");
}

TEST(XorbRangeDecoder, RejectsWrongChunkCounts) {
  const BuiltXorb xorb = build(tf::test::varied_chunks(5, 8), CompressionPolicy::rotate);
  expect_rejected(xorb.bytes, 6, "the range ended after 5 of 6 chunks");
  expect_rejected(xorb.bytes, 4, "bytes follow the last expected chunk");
}

TEST(XorbRangeDecoder, RejectsEveryTruncation) {
  const BuiltXorb xorb = build(tf::test::varied_chunks(4, 9), CompressionPolicy::rotate);
  for (size_t cut = 0; cut < xorb.bytes.size(); cut += 97) {
    XorbRangeDecoder decoder(0, 4, [](uint32_t, std::span<const uint8_t>) {});
    decoder.feed(std::span(xorb.bytes).first(cut));
    EXPECT_THROW(decoder.finish(), tf::Error) << "cut at " << cut;
  }
  expect_rejected(std::span(xorb.bytes).first(xorb.chunks[1].byte_start + 3), 4,
                  "truncated: chunk 1 has 3 of its 8 bytes");
}

TEST(XorbRangeDecoder, StaysFailedAfterAnErrorOrACallbackException) {
  const BuiltXorb xorb = build(tf::test::varied_chunks(3, 10), CompressionPolicy::lz4);
  XorbRangeDecoder decoder(0, 3, [](uint32_t index, std::span<const uint8_t>) {
    if (index == 1) throw std::runtime_error("disk full");
  });
  EXPECT_THROW(decoder.feed(xorb.bytes), std::runtime_error);
  EXPECT_THROW(decoder.feed(xorb.bytes), tf::Error);
  EXPECT_THROW(decoder.finish(), tf::Error);
  EXPECT_THROW(XorbRangeDecoder(0, 0, [](uint32_t, std::span<const uint8_t>) {}), tf::Error);
}
