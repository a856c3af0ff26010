#include "engine/xet/xorb_builder.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "engine/xet/xet_hashes.hpp"
#include "io/error.hpp"

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
  // Encode aside first: only a chunk that fits may touch the xorb.
  const ChunkHeader header = encode(data);
  if (!chunks_.empty() && bytes_.size() + scratch_.size() > max_xorb_bytes) return false;
  XorbChunk chunk;
  chunk.hash = hash;
  chunk.size = header.uncompressed_length;
  chunk.byte_start = bytes_.size();
  chunk.byte_end = bytes_.size() + scratch_.size();
  chunk.scheme = header.scheme;
  bytes_.insert(bytes_.end(), scratch_.begin(), scratch_.end());
  chunks_.push_back(chunk);
  return true;
}

ChunkHeader XorbBuilder::encode(std::span<const uint8_t> data) {
  scratch_.clear();
  switch (policy_) {
    case CompressionPolicy::none:
      return encode_chunk(data, CompressionScheme::none, scratch_);
    case CompressionPolicy::lz4:
      return encode_chunk(data, CompressionScheme::lz4, scratch_);
    case CompressionPolicy::bg4_lz4:
      return encode_chunk(data, CompressionScheme::bg4_lz4, scratch_);
    case CompressionPolicy::rotate:
      return encode_chunk(data, static_cast<CompressionScheme>(chunks_.size() % 3), scratch_);
    case CompressionPolicy::smallest:
      break;
  }
  const ChunkHeader lz4 = encode_chunk(data, CompressionScheme::lz4, scratch_);
  other_.clear();
  const ChunkHeader bg4 = encode_chunk(data, CompressionScheme::bg4_lz4, other_);
  if (std::min(lz4.compressed_length, bg4.compressed_length) >= data.size()) {
    scratch_.clear();
    return encode_chunk(data, CompressionScheme::none, scratch_);
  }
  if (lz4.compressed_length <= bg4.compressed_length) return lz4;
  scratch_.swap(other_);
  return bg4;
}

BuiltXorb XorbBuilder::finish() {
  std::vector<MerkleNode> nodes;
  nodes.reserve(chunks_.size());
  for (const XorbChunk& chunk : chunks_)
    nodes.push_back({chunk.hash, chunk.size});
  BuiltXorb xorb{xorb_hash(nodes), std::move(bytes_), std::move(chunks_)};
  bytes_.clear();
  chunks_.clear();
  return xorb;
}

}  // namespace tf::xet
