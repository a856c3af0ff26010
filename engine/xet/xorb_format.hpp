// The byte layout of a xorb: a sequence of chunks, each an 8-byte header and its (possibly
// compressed) bytes (xet-core xorb_chunk_format.rs; hub-docs xorb.md):
//
//   [0]     version, always 0
//   [1..3]  compressed length, u24 little-endian (bytes after the header)
//   [4]     compression scheme: 0 none, 1 LZ4 frame, 2 BG4 grouping then LZ4 frame
//   [5..7]  uncompressed length, u24 little-endian
//
// Stored xorbs also end with a footer (hashes and offsets), but the byte ranges a reconstruction
// hands out never include it, so neither the decoder nor the builder deals with it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "engine/xet/chunker.hpp"
#include "io/lz4_frame.hpp"

namespace tf::xet {

inline constexpr size_t chunk_header_size = 8;
inline constexpr uint8_t chunk_format_version = 0;
inline constexpr uint64_t max_xorb_bytes = 64ULL * 1024 * 1024;  // serialized
inline constexpr size_t max_xorb_chunks = 8192;
// LZ4 may expand incompressible input slightly (about 0.4% plus a frame's few bytes). We accept
// that, with room to spare, but nothing that no encoder would produce for a 128 KiB chunk.
inline constexpr size_t max_compressed_chunk_size = max_chunk_size + 4096;

enum class CompressionScheme : uint8_t { none = 0, lz4 = 1, bg4_lz4 = 2 };

std::string_view to_string(CompressionScheme scheme);

struct ChunkHeader {
  CompressionScheme scheme = CompressionScheme::none;
  uint32_t compressed_length = 0;    // bytes after the header
  uint32_t uncompressed_length = 0;  // bytes of the chunk's data

  bool operator==(const ChunkHeader&) const = default;
};

// Reads and checks a header. Throws tf::Error(protocol) for a version other than 0, an unknown
// scheme, an empty or over-128-KiB chunk, a compressed length of 0 or over
// max_compressed_chunk_size, or scheme "none" with differing lengths.
ChunkHeader parse_chunk_header(std::span<const uint8_t, chunk_header_size> bytes);
void write_chunk_header(const ChunkHeader& header, std::span<uint8_t, chunk_header_size> out);

// Appends one chunk (header and payload) holding `data` compressed with `scheme` to `out`, and
// returns its header. `data` must be 1 byte to 128 KiB (tf::Error(invalid_argument) otherwise).
ChunkHeader encode_chunk(std::span<const uint8_t> data, CompressionScheme scheme,
                         std::vector<uint8_t>& out);

// Decodes chunk payloads. Keeps its buffers and LZ4 context between chunks, so decoding a
// stream of chunks does not allocate. Not thread-safe.
class ChunkDecoder {
 public:
  // Decodes the payload a (checked) header describes. The result is valid until the next call;
  // for scheme "none" it is `payload` itself. Throws tf::Error(protocol) when the payload is
  // not header.compressed_length bytes or does not decode to header.uncompressed_length bytes.
  std::span<const uint8_t> decode(const ChunkHeader& header, std::span<const uint8_t> payload);

 private:
  io::Lz4FrameDecoder lz4_;
  std::vector<uint8_t> grouped_;
  std::vector<uint8_t> decoded_;
};

}  // namespace tf::xet
