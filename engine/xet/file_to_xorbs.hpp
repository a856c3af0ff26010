// Turns files into Xet storage, for the stand-in hub: streams a file's bytes through the
// chunker, deduplicates each chunk against every chunk stored so far (a global index shared by
// all files and revisions), packs new chunks into xorbs, and describes the file as terms plus
// its Xet file hash and SHA-256.
//
// Memory stays bounded whatever the file size: the current chunk (at most 128 KiB), the open
// xorb (at most 64 MiB), and the file's terms; plus the shared chunk index, which grows with
// the number of distinct chunks stored.
//
// A file's last xorb is sealed when the file ends, so every term names a finished xorb. Small
// files therefore get small xorbs of their own; the real Hub packs them together, which only
// changes how many xorbs there are, not what a client sees.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <unordered_map>
#include <vector>

#include "engine/xet/chunker.hpp"
#include "engine/xet/reconstruction.hpp"
#include "engine/xet/xet_hashes.hpp"
#include "engine/xet/xorb_builder.hpp"
#include "io/sha256.hpp"

namespace tf::xet {

// Where a stored chunk lives.
struct ChunkLocation {
  MerkleHash xorb;
  uint32_t index = 0;

  bool operator==(const ChunkLocation&) const = default;
};

// Chunk hash -> location, for deduplication across files.
using ChunkIndex = std::unordered_map<MerkleHash, ChunkLocation>;

// Receives each xorb as it is sealed; the hub stores it under its hash.
using XorbSink = std::function<void(BuiltXorb&& xorb)>;

// What the hub needs to know of a stored file.
struct StoredFile {
  std::vector<ReconstructionTerm> terms;
  MerkleHash file_hash;
  io::Sha256Digest sha256{};
  uint64_t size = 0;
  uint64_t chunk_count = 0;
  uint64_t deduplicated_chunks = 0;  // chunks that were already stored
};

class FileToXorbs {
 public:
  struct Options {
    CompressionPolicy compression = CompressionPolicy::smallest;
    size_t max_chunks_per_xorb = max_xorb_chunks;  // lower it to get many xorbs in tests
  };

  // `index` and `sink` must outlive this object. Use one FileToXorbs per index at a time: it is
  // not thread-safe, and it adds a xorb's chunks to the index when it seals the xorb.
  FileToXorbs(ChunkIndex& index, XorbSink sink);
  FileToXorbs(ChunkIndex& index, XorbSink sink, Options options);

  // The next bytes of the file, in slices of any size.
  void feed(std::span<const uint8_t> bytes);
  // The file ended: seals its last xorb and returns the file's description. The object is then
  // ready for the next file.
  StoredFile finish();

 private:
  void add_chunk(std::span<const uint8_t> chunk);
  // Appends chunk `location` (of `size` bytes) to the file's terms; `in_open_xorb` says that
  // location.xorb is not known yet because the chunk sits in the xorb being built.
  void append_to_terms(const ChunkLocation& location, uint32_t size, bool in_open_xorb);
  void seal_xorb();

  ChunkIndex& index_;
  XorbSink sink_;
  Chunker chunker_;
  XorbBuilder builder_;
  std::vector<uint8_t> chunk_buffer_;  // the current chunk when it spans several feed() calls
  // Chunks of the open xorb, for deduplication before it is sealed: hash -> index in the xorb.
  std::unordered_map<MerkleHash, uint32_t> open_xorb_chunks_;
  std::vector<size_t> open_xorb_terms_;  // terms that point at the open xorb
  StoredFile file_;
  FileHasher file_hasher_;
  io::Sha256 sha256_;
};

}  // namespace tf::xet
