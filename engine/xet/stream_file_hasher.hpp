// The Xet file hash of a byte stream: the stream is cut into chunks with the same CDC the
// uploader used (chunker.hpp), each chunk is hashed with keyed BLAKE3, and the chunk hashes go
// into the file's Merkle tree. A downloader feeds the file's bytes in order as they complete
// (fetched, resumed or copied from the chunk store alike) and compares the result with the
// file's Xet hash: one check that covers every way a byte can arrive.
//
// It keeps at most one chunk (128 KiB) and the open nodes of the Merkle tree. A value type:
// copying it forks the computation (the hasher tries a chunk on a copy before keeping it).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/xet/chunker.hpp"
#include "engine/xet/merkle_hash.hpp"
#include "engine/xet/xet_hashes.hpp"

namespace tf::xet {

class StreamFileHasher {
 public:
  void update(std::span<const uint8_t> bytes);
  // The file hash of everything fed so far (the zero hash for an empty stream). The hasher
  // must not be fed afterwards.
  MerkleHash finish();
  uint64_t chunk_count() const { return file_.chunk_count(); }

 private:
  Chunker chunker_;
  std::vector<uint8_t> chunk_;  // the bytes of the current, unfinished chunk
  FileHasher file_;
};

}  // namespace tf::xet
