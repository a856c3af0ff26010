// Which bytes of a file are written, on the journal's fixed chunk grid, when writes may repeat.
// A Xet file is assembled from many xorb ranges whose placements land anywhere in the file, and
// a retried range writes some bytes again: counting bytes (as RangePlan does for plain ranges)
// would then complete a chunk too early. This keeps the union of written intervals instead.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace tf::engine {

class WriteCoverage {
 public:
  WriteCoverage(uint64_t file_size, uint64_t chunk_size);

  uint64_t file_size() const { return file_size_; }
  uint64_t chunk_size() const { return chunk_size_; }
  size_t chunk_count() const { return covered_.size(); }

  // Bytes [offset, offset + length) are written; returns the chunks that became complete.
  std::vector<size_t> record(uint64_t offset, uint64_t length);
  // A whole chunk is known good on disk (a resumed chunk): it counts as written.
  void mark_chunk_done(size_t chunk);
  bool chunk_complete(size_t chunk) const;
  // Every byte of [offset, offset + length) lies in complete chunks.
  bool range_complete(uint64_t offset, uint64_t length) const;
  bool complete() const { return complete_chunks_ == covered_.size(); }
  uint64_t bytes_covered() const { return bytes_covered_; }

 private:
  uint64_t chunk_end(size_t chunk) const;
  // Adds [begin, end) to the union; returns the bytes it newly covers, per chunk.
  void add_interval(uint64_t begin, uint64_t end, std::vector<size_t>& completed);
  void count(uint64_t begin, uint64_t end, std::vector<size_t>& completed);

  uint64_t file_size_;
  uint64_t chunk_size_;
  std::vector<uint64_t> covered_;  // bytes covered per chunk
  size_t complete_chunks_ = 0;
  uint64_t bytes_covered_ = 0;
  std::map<uint64_t, uint64_t> intervals_;  // begin -> end, disjoint and not adjacent
};

}  // namespace tf::engine
