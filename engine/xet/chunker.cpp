#include "engine/xet/chunker.hpp"

#include <algorithm>

#include "engine/xet/gear_table.hpp"

namespace tf::xet {

namespace {

// Bytes at the start of a chunk that cannot influence the hash at any position where a cut is
// allowed (size >= min): the 64-bit hash forgets a byte after 64 more shifts.
constexpr size_t unhashed_prefix = min_chunk_size - 64 - 1;

}  // namespace

Chunker::Scan Chunker::scan(std::span<const uint8_t> data) {
  const uint8_t* bytes = data.data();
  const size_t size = data.size();
  size_t pos = 0;
  // The chunk's length once data[0, pos) is added is pending_length_ + pos.
  if (pending_length_ < unhashed_prefix) pos = std::min(unhashed_prefix - pending_length_, size);
  uint64_t hash = hash_;
  // Bytes that leave the chunk below the minimum size: hash them, but no cut is allowed yet.
  if (pending_length_ + pos < min_chunk_size - 1) {
    const size_t end = std::min(size, pos + (min_chunk_size - 1 - (pending_length_ + pos)));
    for (; pos < end; ++pos)
      hash = (hash << 1) + gear_table[bytes[pos]];
  }
  // Bytes that make the chunk min..max long: a zero top of the hash cuts after the byte.
  const size_t end = std::min(size, pos + (max_chunk_size - (pending_length_ + pos)));
  for (; pos < end; ++pos) {
    hash = (hash << 1) + gear_table[bytes[pos]];
    if ((hash & chunk_boundary_mask) == 0) return end_chunk(pos + 1);
  }
  if (pending_length_ + pos == max_chunk_size) return end_chunk(pos);
  hash_ = hash;
  pending_length_ += pos;
  return {pos, 0};
}

Chunker::Scan Chunker::end_chunk(size_t consumed) {
  const Scan result{consumed, pending_length_ + consumed};
  hash_ = 0;
  pending_length_ = 0;
  return result;
}

void Chunker::feed(std::span<const uint8_t> data, std::vector<size_t>& chunk_lengths) {
  while (!data.empty()) {
    const Scan result = scan(data);
    if (result.cut()) chunk_lengths.push_back(result.chunk_length);
    data = data.subspan(result.consumed);
  }
}

std::optional<size_t> Chunker::finish() {
  const size_t last = pending_length_;
  hash_ = 0;
  pending_length_ = 0;
  if (last == 0) return std::nullopt;
  return last;
}

std::vector<size_t> chunk_lengths(std::span<const uint8_t> data) {
  std::vector<size_t> lengths;
  lengths.reserve(data.size() / target_chunk_size + 1);
  Chunker chunker;
  chunker.feed(data, lengths);
  if (const auto last = chunker.finish()) lengths.push_back(*last);
  return lengths;
}

}  // namespace tf::xet
