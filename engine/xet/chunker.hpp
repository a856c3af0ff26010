// Xet's content-defined chunking (CDC): a gear rolling hash over the bytes cuts the stream where
// the hash's top 16 bits are zero, so chunk boundaries depend on content, not on offsets, and an
// insertion only changes the chunks around it. Chunks are 8 KiB to 128 KiB, 64 KiB on average.
//
//   h = 0; start = 0
//   for each byte i:  h = (h << 1) + gear_table[byte]     (mod 2^64)
//                     size = i + 1 - start
//                     if size >= max, or (size >= min and (h & mask) == 0): cut after byte i,
//                                                                           h = 0, start = i + 1
//   the bytes after the last cut form the last chunk.
//
// The hash only depends on the last 64 bytes, so like xet-core we do not hash the first
// min - 64 - 1 bytes of a chunk at all: same cuts, an eighth less work.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace tf::xet {

inline constexpr size_t target_chunk_size = 64 * 1024;
inline constexpr size_t min_chunk_size = target_chunk_size / 8;  // 8 KiB
inline constexpr size_t max_chunk_size = target_chunk_size * 2;  // 128 KiB
inline constexpr uint64_t chunk_boundary_mask = 0xFFFF000000000000ULL;

// Incremental chunker: feed the stream in slices of any size. It keeps no copy of the data,
// only the hash and the length of the current chunk, so the caller keeps the bytes it needs.
class Chunker {
 public:
  struct Scan {
    size_t consumed = 0;      // bytes of the slice that belong to the current chunk
    size_t chunk_length = 0;  // when a cut was found: the whole chunk's length; else 0

    bool cut() const { return chunk_length != 0; }
  };

  // Scans `data`, the next bytes of the stream, up to the first cut. If it finds one, the current
  // chunk ends after data[consumed - 1] and the next call starts a new chunk; otherwise all of
  // `data` was consumed and belongs to the current chunk.
  Scan scan(std::span<const uint8_t> data);

  // Scans all of `data`, appending the length of every chunk completed in it to
  // `chunk_lengths`.
  void feed(std::span<const uint8_t> data, std::vector<size_t>& chunk_lengths);

  // End of the stream: the length of the last chunk, or nullopt if no byte followed the last
  // cut. The chunker is then ready for a new stream.
  std::optional<size_t> finish();

  // Bytes of the current, unfinished chunk.
  size_t pending_length() const { return pending_length_; }

 private:
  // Ends the current chunk after `consumed` bytes of the slice being scanned.
  Scan end_chunk(size_t consumed);

  uint64_t hash_ = 0;
  size_t pending_length_ = 0;
};

// The chunk lengths of a whole buffer, in order (none for an empty buffer).
std::vector<size_t> chunk_lengths(std::span<const uint8_t> data);

}  // namespace tf::xet
