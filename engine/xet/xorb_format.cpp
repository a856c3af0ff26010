#include "engine/xet/xorb_format.hpp"

#include <string>

#include "io/byte_grouping.hpp"
#include "io/error.hpp"

namespace tf::xet {

namespace {

uint32_t read_u24(const uint8_t* bytes) {
  return uint32_t{bytes[0]} | (uint32_t{bytes[1]} << 8) | (uint32_t{bytes[2]} << 16);
}

void write_u24(uint32_t value, uint8_t* out) {
  out[0] = static_cast<uint8_t>(value);
  out[1] = static_cast<uint8_t>(value >> 8);
  out[2] = static_cast<uint8_t>(value >> 16);
}

Error bad_header(const std::string& what) {
  return Error(ErrorKind::protocol, "xorb chunk header: " + what);
}

}  // namespace

std::string_view to_string(CompressionScheme scheme) {
  switch (scheme) {
    case CompressionScheme::none:
      return "none";
    case CompressionScheme::lz4:
      return "LZ4";
    case CompressionScheme::bg4_lz4:
      return "BG4+LZ4";
  }
  return "unknown";
}

ChunkHeader parse_chunk_header(std::span<const uint8_t, chunk_header_size> bytes) {
  if (bytes[0] != chunk_format_version) {
    throw bad_header("unsupported version " + std::to_string(bytes[0]) + " (expected 0)");
  }
  if (bytes[4] > static_cast<uint8_t>(CompressionScheme::bg4_lz4)) {
    throw bad_header("unknown compression scheme " + std::to_string(bytes[4]));
  }
  ChunkHeader header;
  header.scheme = static_cast<CompressionScheme>(bytes[4]);
  header.compressed_length = read_u24(&bytes[1]);
  header.uncompressed_length = read_u24(&bytes[5]);
  const std::string lengths = " (compressed " + std::to_string(header.compressed_length) +
                              ", uncompressed " + std::to_string(header.uncompressed_length) + ")";
  if (header.uncompressed_length == 0 || header.uncompressed_length > max_chunk_size) {
    throw bad_header("uncompressed length must be 1 to " + std::to_string(max_chunk_size) +
                     lengths);
  }
  if (header.compressed_length == 0 || header.compressed_length > max_compressed_chunk_size) {
    throw bad_header("compressed length must be 1 to " + std::to_string(max_compressed_chunk_size) +
                     lengths);
  }
  if (header.scheme == CompressionScheme::none &&
      header.compressed_length != header.uncompressed_length) {
    throw bad_header("an uncompressed chunk's two lengths differ" + lengths);
  }
  return header;
}

void write_chunk_header(const ChunkHeader& header, std::span<uint8_t, chunk_header_size> out) {
  out[0] = chunk_format_version;
  write_u24(header.compressed_length, &out[1]);
  out[4] = static_cast<uint8_t>(header.scheme);
  write_u24(header.uncompressed_length, &out[5]);
}

ChunkHeader encode_chunk(std::span<const uint8_t> data, CompressionScheme scheme,
                         std::vector<uint8_t>& out) {
  if (data.empty() || data.size() > max_chunk_size) {
    throw Error(ErrorKind::invalid_argument, "a xorb chunk must hold 1 to " +
                                                 std::to_string(max_chunk_size) + " bytes, not " +
                                                 std::to_string(data.size()));
  }
  const size_t header_at = out.size();
  out.resize(header_at + chunk_header_size);
  switch (scheme) {
    case CompressionScheme::none:
      out.insert(out.end(), data.begin(), data.end());
      break;
    case CompressionScheme::lz4:
      io::lz4_frame_compress(data, out);
      break;
    case CompressionScheme::bg4_lz4:
      io::lz4_frame_compress(io::bg4_split(data), out);
      break;
  }
  ChunkHeader header;
  header.scheme = scheme;
  header.compressed_length = static_cast<uint32_t>(out.size() - header_at - chunk_header_size);
  header.uncompressed_length = static_cast<uint32_t>(data.size());
  write_chunk_header(header, std::span(out).subspan(header_at).first<chunk_header_size>());
  return header;
}

std::span<const uint8_t> ChunkDecoder::decode(const ChunkHeader& header,
                                              std::span<const uint8_t> payload) {
  if (payload.size() != header.compressed_length) {
    throw Error(ErrorKind::protocol, "xorb chunk: payload of " + std::to_string(payload.size()) +
                                         " bytes, but the header says " +
                                         std::to_string(header.compressed_length));
  }
  if (header.uncompressed_length > max_chunk_size) {
    throw Error(ErrorKind::internal, "xorb chunk: decode() called with an unchecked header");
  }
  // The buffers only grow (to 128 KiB at most), so a stream of chunks reuses them.
  if (decoded_.size() < header.uncompressed_length) decoded_.resize(header.uncompressed_length);
  const std::span<uint8_t> decoded = std::span(decoded_).first(header.uncompressed_length);
  switch (header.scheme) {
    case CompressionScheme::none:
      return payload;
    case CompressionScheme::lz4:
      lz4_.decode(payload, decoded);
      return decoded;
    case CompressionScheme::bg4_lz4: {
      if (grouped_.size() < header.uncompressed_length) grouped_.resize(header.uncompressed_length);
      const std::span<uint8_t> grouped = std::span(grouped_).first(header.uncompressed_length);
      lz4_.decode(payload, grouped);
      io::bg4_join(grouped, decoded);
      return decoded;
    }
  }
  throw Error(ErrorKind::internal, "xorb chunk: unhandled compression scheme");
}

}  // namespace tf::xet
