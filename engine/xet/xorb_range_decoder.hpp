// Decodes a byte range of a xorb as it streams in. The bytes of a range hold whole chunks, one
// after the other; the decoder hands out each chunk's decoded data as soon as the chunk is
// complete, whatever the sizes of the pieces it is fed. It buffers at most one chunk (a chunk
// that straddles two pieces); a chunk wholly inside a piece is decoded in place.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "engine/xet/xorb_format.hpp"

namespace tf::xet {

class XorbRangeDecoder {
 public:
  // Called once per chunk, in order. `data` is only valid during the call.
  using ChunkCallback = std::function<void(uint32_t chunk_index, std::span<const uint8_t> data)>;

  // The range holds chunks first_chunk .. first_chunk + chunk_count - 1 (chunk_count >= 1).
  // `context` (for example the xorb hash and byte range) prefixes error messages.
  XorbRangeDecoder(uint32_t first_chunk, uint32_t chunk_count, ChunkCallback on_chunk,
                   std::string context = "xorb range");

  // Consumes the next bytes of the range. Throws tf::Error(protocol) on a bad chunk header, a
  // chunk that does not decode to its stated size, or bytes beyond the expected chunks; after a
  // throw (also from the callback) the decoder is failed and every later call throws.
  void feed(std::span<const uint8_t> bytes);
  // The range ended. Throws tf::Error(protocol) if it stopped inside a chunk or held fewer
  // chunks than expected.
  void finish();

  uint32_t chunks_decoded() const { return chunks_decoded_; }
  uint64_t bytes_consumed() const { return bytes_consumed_; }

 private:
  // Consumes from a chunk boundary: decodes the chunks wholly inside `bytes` without copying.
  size_t consume_whole_chunks(std::span<const uint8_t> bytes);
  // Adds bytes to the partial chunk in pending_, decoding it once complete.
  size_t consume_into_pending(std::span<const uint8_t> bytes);
  // Parses the header of the chunk at `offset` in the range.
  ChunkHeader read_header(std::span<const uint8_t, chunk_header_size> bytes, uint64_t offset);
  void decode_chunk(const ChunkHeader& header, std::span<const uint8_t> payload);
  [[noreturn]] void fail(const std::string& what);

  uint32_t first_chunk_;
  uint32_t chunk_count_;
  ChunkCallback on_chunk_;
  std::string context_;
  ChunkDecoder chunk_decoder_;
  std::vector<uint8_t> pending_;  // a partial chunk: header bytes, then payload bytes
  ChunkHeader pending_header_;    // valid once pending_ holds a whole header
  uint32_t chunks_decoded_ = 0;
  uint64_t bytes_consumed_ = 0;
  bool failed_ = false;
};

}  // namespace tf::xet
