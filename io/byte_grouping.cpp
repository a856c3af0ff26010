#include "io/byte_grouping.hpp"

#include <array>
#include <cassert>

namespace tf::io {

namespace {

// Start offset of each group inside the grouped buffer.
std::array<size_t, 4> group_starts(size_t total) {
  std::array<size_t, 4> starts{};
  for (size_t group = 1; group < 4; ++group) {
    starts[group] = starts[group - 1] + bg4_group_size(total, group - 1);
  }
  return starts;
}

}  // namespace

void bg4_split(std::span<const uint8_t> input, std::span<uint8_t> output) {
  assert(input.size() == output.size());
  const size_t total = input.size();
  const auto starts = group_starts(total);
  uint8_t* g0 = output.data() + starts[0];
  uint8_t* g1 = output.data() + starts[1];
  uint8_t* g2 = output.data() + starts[2];
  uint8_t* g3 = output.data() + starts[3];
  const size_t whole_words = total / 4;
  // The main loop handles four bytes at a time so the compiler can keep it branch-free.
  for (size_t w = 0; w < whole_words; ++w) {
    g0[w] = input[4 * w];
    g1[w] = input[4 * w + 1];
    g2[w] = input[4 * w + 2];
    g3[w] = input[4 * w + 3];
  }
  // The 0..3 trailing bytes belong to groups 0, 1, 2 in that order.
  std::array<uint8_t*, 3> tails{g0, g1, g2};
  for (size_t i = 4 * whole_words; i < total; ++i)
    tails[i % 4][whole_words] = input[i];
}

void bg4_join(std::span<const uint8_t> grouped, std::span<uint8_t> output) {
  assert(grouped.size() == output.size());
  const size_t total = grouped.size();
  const auto starts = group_starts(total);
  const uint8_t* g0 = grouped.data() + starts[0];
  const uint8_t* g1 = grouped.data() + starts[1];
  const uint8_t* g2 = grouped.data() + starts[2];
  const uint8_t* g3 = grouped.data() + starts[3];
  const size_t whole_words = total / 4;
  for (size_t w = 0; w < whole_words; ++w) {
    output[4 * w] = g0[w];
    output[4 * w + 1] = g1[w];
    output[4 * w + 2] = g2[w];
    output[4 * w + 3] = g3[w];
  }
  std::array<const uint8_t*, 3> tails{g0, g1, g2};
  for (size_t i = 4 * whole_words; i < total; ++i)
    output[i] = tails[i % 4][whole_words];
}

std::vector<uint8_t> bg4_split(std::span<const uint8_t> input) {
  std::vector<uint8_t> out(input.size());
  bg4_split(input, out);
  return out;
}

std::vector<uint8_t> bg4_join(std::span<const uint8_t> grouped) {
  std::vector<uint8_t> out(grouped.size());
  bg4_join(grouped, out);
  return out;
}

}  // namespace tf::io
