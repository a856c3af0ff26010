#include "engine/xet/chunker.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "engine/xet/gear_table.hpp"
#include "support/test_support.hpp"

using tf::xet::chunk_lengths;
using tf::xet::Chunker;
using tf::xet::max_chunk_size;
using tf::xet::min_chunk_size;

namespace {

// The algorithm exactly as the spec states it (hashing every byte), to check the fast one.
std::vector<size_t> spec_chunk_lengths(const std::vector<uint8_t>& data) {
  std::vector<size_t> lengths;
  uint64_t hash = 0;
  size_t start = 0;
  for (size_t i = 0; i < data.size(); ++i) {
    hash = (hash << 1) + tf::xet::gear_table[data[i]];
    const size_t size = i + 1 - start;
    if (size < min_chunk_size) continue;
    if (size >= max_chunk_size || (hash & tf::xet::chunk_boundary_mask) == 0) {
      lengths.push_back(size);
      start = i + 1;
      hash = 0;
    }
  }
  if (start < data.size()) lengths.push_back(data.size() - start);
  return lengths;
}

std::vector<size_t> chunk_in_slices(const std::vector<uint8_t>& data,
                                    const std::vector<size_t>& slice_sizes) {
  Chunker chunker;
  std::vector<size_t> lengths;
  size_t pos = 0;
  for (size_t i = 0; pos < data.size(); ++i) {
    const size_t size = std::min(slice_sizes[i % slice_sizes.size()], data.size() - pos);
    chunker.feed(std::span(data).subspan(pos, size), lengths);
    pos += size;
  }
  if (const auto last = chunker.finish()) lengths.push_back(*last);
  return lengths;
}

// Random bytes with long runs of one value, so both hash cuts and max-size cuts happen.
std::vector<uint8_t> mixed_data(size_t size, uint64_t seed) {
  auto data = tf::test::random_bytes(size, seed);
  for (size_t start = size / 3; start < size / 3 + 300000 && start < size; ++start)
    data[start] = 7;
  return data;
}

}  // namespace

TEST(Chunker, MatchesTheSpecAlgorithm) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    const auto data = mixed_data(3'000'000, seed);
    const auto lengths = chunk_lengths(data);
    EXPECT_EQ(lengths, spec_chunk_lengths(data)) << "seed " << seed;
    size_t total = 0;
    for (size_t i = 0; i < lengths.size(); ++i) {
      total += lengths[i];
      EXPECT_LE(lengths[i], max_chunk_size);
      if (i + 1 < lengths.size()) {
        EXPECT_GE(lengths[i], min_chunk_size);
      }
    }
    EXPECT_EQ(total, data.size());
  }
}

TEST(Chunker, IncrementalEqualsOneShotForRandomSplits) {
  const auto data = mixed_data(1'500'000, 9);
  const auto expected = chunk_lengths(data);
  std::mt19937_64 random(5);
  for (int round = 0; round < 30; ++round) {
    std::vector<size_t> slices;
    for (int i = 0; i < 50; ++i)
      slices.push_back(1 + random() % (round < 10 ? 100 : 200000));
    EXPECT_EQ(chunk_in_slices(data, slices), expected) << "round " << round;
  }
  // Slices that end exactly at and around the interesting offsets.
  for (size_t slice : {size_t{1}, min_chunk_size - 65, min_chunk_size - 64, min_chunk_size - 1,
                       min_chunk_size, max_chunk_size - 1, max_chunk_size, max_chunk_size + 1}) {
    EXPECT_EQ(chunk_in_slices(data, {slice}), expected) << "slice " << slice;
  }
}

TEST(Chunker, ScanStopsAtEachCut) {
  const auto data = mixed_data(600'000, 3);
  const auto expected = chunk_lengths(data);
  Chunker chunker;
  std::span<const uint8_t> rest(data);
  std::vector<size_t> lengths;
  while (!rest.empty()) {
    const Chunker::Scan scan = chunker.scan(rest);
    if (scan.cut()) {
      lengths.push_back(scan.chunk_length);
      EXPECT_EQ(chunker.pending_length(), 0u);
    } else {
      EXPECT_EQ(scan.consumed, rest.size());
    }
    rest = rest.subspan(scan.consumed);
  }
  lengths.push_back(*chunker.finish());
  EXPECT_EQ(lengths, expected);
}

TEST(Chunker, ShortAndEmptyInputs) {
  EXPECT_TRUE(chunk_lengths({}).empty());
  const auto small = tf::test::random_bytes(min_chunk_size - 1, 1);
  EXPECT_EQ(chunk_lengths(small), std::vector<size_t>{small.size()});
  const std::vector<uint8_t> zeros(max_chunk_size * 2 + 5, 0);
  EXPECT_EQ(chunk_lengths(zeros), (std::vector<size_t>{max_chunk_size, max_chunk_size, 5}));
  Chunker chunker;
  EXPECT_FALSE(chunker.finish().has_value());
}

TEST(Chunker, FinishResetsForTheNextStream) {
  const auto first = mixed_data(400'000, 11);
  const auto second = mixed_data(300'000, 12);
  Chunker chunker;
  std::vector<size_t> lengths;
  chunker.feed(first, lengths);
  lengths.push_back(*chunker.finish());
  EXPECT_EQ(lengths, chunk_lengths(first));
  lengths.clear();
  chunker.feed(second, lengths);
  lengths.push_back(*chunker.finish());
  EXPECT_EQ(lengths, chunk_lengths(second));
}
