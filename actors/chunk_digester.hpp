// Computes each chunk's XXH3 while its bytes stream in, on the transport thread, while they
// are still in the CPU cache: the hasher then never has to read those bytes back for the
// journal. Only a chunk that one stream saw from its first to its last byte gets a digest;
// chunks shared by two transfers (a tail split) are left to the hasher.
//
// One digester per work item; the transfers of an item run one after another (a retry resumes
// where the last one stopped), so it is only ever touched by one transfer at a time.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "io/xxh3.hpp"

namespace tf::actors {

struct ChunkDigest {
  uint64_t chunk = 0;
  uint64_t xxh3 = 0;
};

class ChunkDigester {
 public:
  ChunkDigester(uint64_t chunk_size, uint64_t file_size)
      : chunk_size_(chunk_size), file_size_(file_size) {}

  // Feeds bytes that belong at `offset` (contiguous with the previous feed, normally);
  // appends the digests of chunks this completes to `out`.
  void feed(uint64_t offset, std::span<const uint8_t> bytes, std::vector<ChunkDigest>& out) {
    if (offset != next_offset_) valid_ = false;  // a gap: this chunk is not ours alone
    while (!bytes.empty()) {
      const uint64_t chunk = offset / chunk_size_;
      const uint64_t chunk_begin = chunk * chunk_size_;
      const uint64_t chunk_end = std::min(file_size_, chunk_begin + chunk_size_);
      if (offset == chunk_begin) {
        state_.reset();
        valid_ = true;
      }
      const size_t n = static_cast<size_t>(std::min<uint64_t>(bytes.size(), chunk_end - offset));
      if (valid_) state_.update(bytes.first(n));
      offset += n;
      bytes = bytes.subspan(n);
      if (offset == chunk_end && valid_) {
        out.push_back({chunk, state_.digest()});
        valid_ = false;
      }
    }
    next_offset_ = offset;
  }

 private:
  uint64_t chunk_size_;
  uint64_t file_size_;
  uint64_t next_offset_ = UINT64_MAX;
  bool valid_ = false;
  io::Xxh3 state_;
};

}  // namespace tf::actors
