#include "engine/xet/xorb_builder.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "engine/xet/xet_hashes.hpp"
#include "io/error.hpp"
#include "io/huge_pages.hpp"

namespace tf::xet {

XorbBuilder::XorbBuilder(CompressionPolicy policy, size_t max_chunks)
    : policy_(policy), max_chunks_(max_chunks) {
  if (max_chunks == 0 || max_chunks > max_xorb_chunks) {
    throw Error(ErrorKind::invalid_argument, "XorbBuilder: max_chunks must be 1 to " +
                                                 std::to_string(max_xorb_chunks) + ", not " +
                                                 std::to_string(max_chunks));
  }
}

bool XorbBuilder::try_add(std::span<const uint8_t> data) {
  return try_add(data, chunk_hash(data));
}

bool XorbBuilder::try_add(std::span<const uint8_t> data, const MerkleHash& hash) {
  if (chunks_.size() >= max_chunks_) return false;
  reserve_for_next_chunk();
  const size_t start = bytes_.size();
  const ChunkHeader header = append_encoded(data);
  if (!chunks_.empty() && bytes_.size() > max_xorb_bytes) {
    bytes_.resize(start);  // does not fit: leave the xorb as it was
    return false;
  }
  chunks_.push_back({hash, header.uncompressed_length, start, bytes_.size(), header.scheme});
  return true;
}

void XorbBuilder::reserve_for_next_chunk() {
  const size_t needed = bytes_.size() + chunk_header_size + max_compressed_chunk_size;
  if (bytes_.capacity() >= needed) return;
  // A xorb starts with 1 MiB, enough for small files. Past that it gets room for the largest
  // xorb at once: growing to 64 MiB by doubling would copy it and fault its pages in twice.
  // Pages never written cost nothing, and finish() trims the excess. Huge pages make the
  // written ones fault 512 times less often.
  constexpr size_t initial = size_t{1} << 20;
  const size_t room = max_xorb_bytes + chunk_header_size + max_compressed_chunk_size;
  bytes_.reserve(bytes_.capacity() == 0 ? initial : room);
  if (bytes_.capacity() >= room) io::advise_huge_pages({bytes_.data(), bytes_.capacity()});
}

ChunkHeader XorbBuilder::append_encoded(std::span<const uint8_t> data) {
  switch (policy_) {
    case CompressionPolicy::none:
      return encode_chunk(data, CompressionScheme::none, bytes_);
    case CompressionPolicy::lz4:
      return encode_chunk(data, CompressionScheme::lz4, bytes_);
    case CompressionPolicy::bg4_lz4:
      return encode_chunk(data, CompressionScheme::bg4_lz4, bytes_);
    case CompressionPolicy::rotate:
      return encode_chunk(data, static_cast<CompressionScheme>(chunks_.size() % 3), bytes_);
    case CompressionPolicy::smallest:
      break;
  }
  // Both compressed candidates are made aside; the winner is copied in.
  lz4_candidate_.clear();
  bg4_candidate_.clear();
  const ChunkHeader lz4 = encode_chunk(data, CompressionScheme::lz4, lz4_candidate_);
  const ChunkHeader bg4 = encode_chunk(data, CompressionScheme::bg4_lz4, bg4_candidate_);
  if (std::min(lz4.compressed_length, bg4.compressed_length) >= data.size()) {
    return encode_chunk(data, CompressionScheme::none, bytes_);
  }
  const bool lz4_wins = lz4.compressed_length <= bg4.compressed_length;
  const std::vector<uint8_t>& winner = lz4_wins ? lz4_candidate_ : bg4_candidate_;
  bytes_.insert(bytes_.end(), winner.begin(), winner.end());
  return lz4_wins ? lz4 : bg4;
}

BuiltXorb XorbBuilder::finish() {
  std::vector<MerkleNode> nodes;
  nodes.reserve(chunks_.size());
  for (const XorbChunk& chunk : chunks_)
    nodes.push_back({chunk.hash, chunk.size});
  // A small xorb should not keep the 64 MiB reservation alive in whoever stores it.
  if (bytes_.capacity() > 2 * bytes_.size()) bytes_.shrink_to_fit();
  BuiltXorb xorb{xorb_hash(nodes), std::move(bytes_), std::move(chunks_)};
  bytes_ = {};
  chunks_ = {};
  return xorb;
}

}  // namespace tf::xet
