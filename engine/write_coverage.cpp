#include "engine/write_coverage.hpp"

#include <algorithm>

#include "io/error.hpp"

namespace tf::engine {

WriteCoverage::WriteCoverage(uint64_t file_size, uint64_t chunk_size)
    : file_size_(file_size), chunk_size_(chunk_size == 0 ? 1 : chunk_size) {
  covered_.assign(static_cast<size_t>((file_size + chunk_size_ - 1) / chunk_size_), 0);
}

uint64_t WriteCoverage::chunk_end(size_t chunk) const {
  return std::min(file_size_, (chunk + 1) * chunk_size_);
}

std::vector<size_t> WriteCoverage::record(uint64_t offset, uint64_t length) {
  if (offset + length > file_size_ || offset + length < offset) {
    throw Error(ErrorKind::internal, "write coverage: write beyond the end of the file");
  }
  std::vector<size_t> completed;
  if (length > 0) add_interval(offset, offset + length, completed);
  return completed;
}

void WriteCoverage::mark_chunk_done(size_t chunk) {
  std::vector<size_t> completed;
  add_interval(chunk * chunk_size_, chunk_end(chunk), completed);
}

bool WriteCoverage::chunk_complete(size_t chunk) const {
  return covered_[chunk] == chunk_end(chunk) - chunk * chunk_size_;
}

bool WriteCoverage::range_complete(uint64_t offset, uint64_t length) const {
  if (length == 0) return true;
  const size_t last = static_cast<size_t>((offset + length - 1) / chunk_size_);
  for (size_t chunk = static_cast<size_t>(offset / chunk_size_); chunk <= last; ++chunk) {
    if (!chunk_complete(chunk)) return false;
  }
  return true;
}

// Merges [begin, end) into the interval map, counting only the gaps it fills.
void WriteCoverage::add_interval(uint64_t begin, uint64_t end, std::vector<size_t>& completed) {
  auto it = intervals_.upper_bound(begin);
  if (it != intervals_.begin() && std::prev(it)->second >= begin) --it;
  uint64_t merged_begin = begin;
  uint64_t merged_end = end;
  uint64_t cursor = begin;
  while (it != intervals_.end() && it->first <= end) {
    if (it->first > cursor) count(cursor, it->first, completed);
    cursor = std::max(cursor, it->second);
    merged_begin = std::min(merged_begin, it->first);
    merged_end = std::max(merged_end, it->second);
    it = intervals_.erase(it);
  }
  if (cursor < end) count(cursor, end, completed);
  intervals_[merged_begin] = merged_end;
}

// Counts newly written bytes [begin, end) (not covered before) into their chunks.
void WriteCoverage::count(uint64_t begin, uint64_t end, std::vector<size_t>& completed) {
  while (begin < end) {
    const size_t chunk = static_cast<size_t>(begin / chunk_size_);
    const uint64_t n = std::min(end, chunk_end(chunk)) - begin;
    covered_[chunk] += n;
    bytes_covered_ += n;
    if (chunk_complete(chunk)) {
      completed.push_back(chunk);
      ++complete_chunks_;
    }
    begin += n;
  }
}

}  // namespace tf::engine
