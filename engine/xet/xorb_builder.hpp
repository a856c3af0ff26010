// Writes xorbs: appends chunks (compressing each), tracks where each chunk sits in the
// serialized bytes, and seals the xorb with its hash. For the stand-in hub and for tests; a
// downloader only reads xorbs.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/xet/merkle_hash.hpp"
#include "engine/xet/xorb_format.hpp"

namespace tf::xet {

// How the builder picks each chunk's compression scheme.
enum class CompressionPolicy {
  none,      // always scheme 0
  lz4,       // always scheme 1
  bg4_lz4,   // always scheme 2
  smallest,  // whichever of LZ4 and BG4+LZ4 is smaller, or none if neither saves a byte
  rotate,    // chunk i uses scheme i % 3: every scheme shows up in tests, deterministically
};

// One chunk of a xorb.
struct XorbChunk {
  MerkleHash hash;          // the chunk hash
  uint32_t size = 0;        // uncompressed bytes
  uint64_t byte_start = 0;  // offset of its header in the serialized xorb
  uint64_t byte_end = 0;    // offset just past its payload (exclusive)
  CompressionScheme scheme = CompressionScheme::none;

  bool operator==(const XorbChunk&) const = default;
};

struct BuiltXorb {
  MerkleHash hash;             // the xorb hash (Merkle root of the chunks)
  std::vector<uint8_t> bytes;  // serialized chunks, without a footer
  std::vector<XorbChunk> chunks;
};

class XorbBuilder {
 public:
  // `max_chunks` (1 to max_xorb_chunks) lets tests make many small xorbs from little data.
  explicit XorbBuilder(CompressionPolicy policy = CompressionPolicy::smallest,
                       size_t max_chunks = max_xorb_chunks);

  // Appends a chunk (1 byte to 128 KiB) unless that would take the xorb past max_chunks chunks
  // or max_xorb_bytes serialized bytes: then it returns false and changes nothing, and
  // the caller seals this xorb and starts another. An empty builder always accepts a chunk.
  bool try_add(std::span<const uint8_t> data);
  // The same when the caller already has the chunk hash.
  bool try_add(std::span<const uint8_t> data, const MerkleHash& hash);

  bool empty() const { return chunks_.empty(); }
  size_t chunk_count() const { return chunks_.size(); }
  uint64_t serialized_size() const { return bytes_.size(); }
  const std::vector<XorbChunk>& chunks() const { return chunks_; }

  // Seals the xorb: returns its bytes, chunks and hash, and leaves the builder empty for the
  // next xorb.
  BuiltXorb finish();

 private:
  // Makes sure bytes_ can take one more chunk without reallocating.
  void reserve_for_next_chunk();
  // Appends `data` as a chunk (header and payload) to bytes_, with the scheme the policy picks.
  ChunkHeader append_encoded(std::span<const uint8_t> data);

  CompressionPolicy policy_;
  size_t max_chunks_;
  std::vector<uint8_t> bytes_;
  std::vector<XorbChunk> chunks_;
  std::vector<uint8_t> lz4_candidate_;  // the "smallest" policy's trial encodings
  std::vector<uint8_t> bg4_candidate_;
};

}  // namespace tf::xet
