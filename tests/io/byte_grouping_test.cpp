#include "io/byte_grouping.hpp"

#include <gtest/gtest.h>

#include <numeric>
#include <vector>

#include "io/lz4_frame.hpp"
#include "support/test_support.hpp"

using tf::io::bg4_group_size;
using tf::io::bg4_join;
using tf::io::bg4_split;

TEST(ByteGrouping, PutsByteIInGroupIMod4) {
  std::vector<uint8_t> input(10);
  std::iota(input.begin(), input.end(), 0);
  EXPECT_EQ(bg4_split(input), (std::vector<uint8_t>{0, 4, 8, 1, 5, 9, 2, 6, 3, 7}));
  EXPECT_EQ(bg4_join(bg4_split(input)), input);
}

TEST(ByteGrouping, GroupSizesFollowTheSpec) {
  EXPECT_EQ(bg4_group_size(10, 0), 3u);
  EXPECT_EQ(bg4_group_size(10, 1), 3u);
  EXPECT_EQ(bg4_group_size(10, 2), 2u);
  EXPECT_EQ(bg4_group_size(10, 3), 2u);
  for (size_t n = 0; n < 50; ++n) {
    size_t total = 0;
    for (size_t k = 0; k < 4; ++k)
      total += bg4_group_size(n, k);
    EXPECT_EQ(total, n);
  }
}

TEST(ByteGrouping, RoundTripsEverySize) {
  for (size_t size : {0u, 1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u, 9u, 1001u, 131072u, 131075u}) {
    const auto input = tf::test::random_bytes(size, size + 1);
    const auto grouped = bg4_split(input);
    ASSERT_EQ(grouped.size(), size);
    EXPECT_EQ(bg4_join(grouped), input) << "size " << size;
    // Every group is a strided copy of the input.
    size_t start = 0;
    for (size_t k = 0; k < 4; ++k) {
      for (size_t j = 0; j < bg4_group_size(size, k); ++j) {
        ASSERT_EQ(grouped[start + j], input[4 * j + k]) << "size " << size << " group " << k;
      }
      start += bg4_group_size(size, k);
    }
  }
}

TEST(ByteGrouping, GroupedFloatsCompressBetterAndRoundTripThroughLz4) {
  // float32 values with a smooth exponent and noisy mantissa: the case BG4 exists for.
  const auto noise = tf::test::random_bytes(131072, 9);
  std::vector<uint8_t> weights(noise);
  for (size_t i = 3; i < weights.size(); i += 4)
    weights[i] = 0x3f;
  for (size_t i = 2; i < weights.size(); i += 4)
    weights[i] = static_cast<uint8_t>(0x80 | (i & 7));
  const auto grouped_frame = tf::io::lz4_frame_compress(bg4_split(weights));
  EXPECT_LT(grouped_frame.size(), tf::io::lz4_frame_compress(weights).size());
  EXPECT_EQ(bg4_join(tf::io::lz4_frame_decompress(grouped_frame, weights.size())), weights);
}
