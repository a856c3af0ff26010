#include "engine/xet/xorb_range_decoder.hpp"

#include <algorithm>
#include <utility>

#include "io/error.hpp"

namespace tf::xet {

XorbRangeDecoder::XorbRangeDecoder(uint32_t first_chunk, uint32_t chunk_count,
                                   ChunkCallback on_chunk, std::string context)
    : first_chunk_(first_chunk),
      chunk_count_(chunk_count),
      on_chunk_(std::move(on_chunk)),
      context_(std::move(context)) {
  if (chunk_count == 0) {
    throw Error(ErrorKind::invalid_argument, context_ + ": a xorb range holds at least one chunk");
  }
}

void XorbRangeDecoder::fail(const std::string& what) {
  failed_ = true;
  throw Error(ErrorKind::protocol, context_ + " (chunks " + std::to_string(first_chunk_) + ".." +
                                       std::to_string(first_chunk_ + chunk_count_ - 1) +
                                       "): " + what);
}

void XorbRangeDecoder::feed(std::span<const uint8_t> bytes) {
  if (failed_) fail("the decoder already failed on earlier input");
  try {
    while (!bytes.empty()) {
      if (chunks_decoded_ == chunk_count_) {
        fail(std::to_string(bytes.size()) + " bytes follow the last expected chunk");
      }
      const size_t used =
          pending_.empty() ? consume_whole_chunks(bytes) : consume_into_pending(bytes);
      bytes = bytes.subspan(used);
    }
  } catch (...) {
    failed_ = true;  // also when the callback threw
    throw;
  }
}

size_t XorbRangeDecoder::consume_whole_chunks(std::span<const uint8_t> bytes) {
  size_t pos = 0;
  while (chunks_decoded_ < chunk_count_ && bytes.size() - pos >= chunk_header_size) {
    const ChunkHeader header =
        read_header(bytes.subspan(pos).first<chunk_header_size>(), bytes_consumed_);
    const size_t chunk_size = chunk_header_size + header.compressed_length;
    if (bytes.size() - pos < chunk_size) break;
    decode_chunk(header, bytes.subspan(pos + chunk_header_size, header.compressed_length));
    pos += chunk_size;
    bytes_consumed_ += chunk_size;
  }
  if (chunks_decoded_ == chunk_count_ || pos == bytes.size()) return pos;
  // The next chunk is not complete in this piece: keep its start for the next feed().
  return pos + consume_into_pending(bytes.subspan(pos));
}

size_t XorbRangeDecoder::consume_into_pending(std::span<const uint8_t> bytes) {
  const bool have_header = pending_.size() >= chunk_header_size;
  const size_t wanted =
      have_header ? chunk_header_size + pending_header_.compressed_length : chunk_header_size;
  const size_t used = std::min(wanted - pending_.size(), bytes.size());
  pending_.insert(pending_.end(), bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(used));
  bytes_consumed_ += used;
  if (!have_header && pending_.size() == chunk_header_size) {
    // Check the header as soon as it is whole: a bad length never makes us buffer more.
    pending_header_ = read_header(std::span(pending_).first<chunk_header_size>(),
                                  bytes_consumed_ - chunk_header_size);
    pending_.reserve(chunk_header_size + pending_header_.compressed_length);
  } else if (have_header && pending_.size() == wanted) {
    decode_chunk(pending_header_, std::span(pending_).subspan(chunk_header_size));
    pending_.clear();
  }
  return used;
}

ChunkHeader XorbRangeDecoder::read_header(std::span<const uint8_t, chunk_header_size> bytes,
                                          uint64_t offset) {
  try {
    return parse_chunk_header(bytes);
  } catch (const Error& e) {
    fail("chunk " + std::to_string(first_chunk_ + chunks_decoded_) + " at byte " +
         std::to_string(offset) + " of the range: " + e.what());
  }
}

void XorbRangeDecoder::decode_chunk(const ChunkHeader& header, std::span<const uint8_t> payload) {
  const uint32_t index = first_chunk_ + chunks_decoded_;
  std::span<const uint8_t> data;
  try {
    data = chunk_decoder_.decode(header, payload);
  } catch (const Error& e) {
    fail("chunk " + std::to_string(index) + " (" + std::string(to_string(header.scheme)) +
         "): " + e.what());
  }
  ++chunks_decoded_;
  on_chunk_(index, data);
}

void XorbRangeDecoder::finish() {
  if (failed_) fail("the decoder already failed on earlier input");
  if (!pending_.empty()) {
    const size_t wanted = pending_.size() >= chunk_header_size
                              ? chunk_header_size + pending_header_.compressed_length
                              : chunk_header_size;
    fail("truncated: chunk " + std::to_string(first_chunk_ + chunks_decoded_) + " has " +
         std::to_string(pending_.size()) + " of its " + std::to_string(wanted) + " bytes");
  }
  if (chunks_decoded_ != chunk_count_) {
    fail("the range ended after " + std::to_string(chunks_decoded_) + " of " +
         std::to_string(chunk_count_) + " chunks");
  }
}

}  // namespace tf::xet
