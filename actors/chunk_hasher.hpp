// The hasher: for each chunk the Supervisor reports complete whose XXH3 is not known yet (it
// normally is: computed as the bytes streamed in), it reads the chunk back and computes it. It also
// keeps the SHA-256 of the file's contiguous prefix, extending it as soon as the next chunk in
// order is there, so the full-file hash is ready a moment after the last byte, not after a second
// pass.
#pragma once

#include <caf/all.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "actors/messages.hpp"
#include "engine/xet/stream_file_hasher.hpp"
#include "io/content_hash.hpp"
#include "io/file_handle.hpp"

namespace tf::actors {

struct ChunkHasherState {
  std::shared_ptr<const io::FileHandle> file;
  caf::actor supervisor;
  uint64_t file_size = 0;
  uint64_t chunk_size = 0;
  // The hashes of the file's contiguous prefix so far: the content hash (SHA-256 or git blob
  // SHA-1) when there is an expected hash, and the Xet file hash (CDC chunks, BLAKE3, Merkle)
  // for Xet downloads. Copied to try a chunk, kept only if the chunk passes its check.
  struct PrefixHashes {
    std::optional<io::ContentHasher> content;
    std::optional<xet::StreamFileHasher> xet;
    bool any() const { return content || xet; }
    void update(std::span<const uint8_t> bytes);
    PrefixHashes clone() const;
  };
  PrefixHashes prefix;
  uint64_t sha_next_chunk = 0;  // the content hash covers chunks [0, sha_next_chunk)
  std::vector<bool> ready;      // chunks hashed but not yet in the content hash's prefix
  std::vector<uint8_t> buffer;  // one read buffer, reused
  static inline const char* name = "chunk_hasher";
};

caf::behavior chunk_hasher(caf::stateful_actor<ChunkHasherState>* self,
                           std::shared_ptr<const io::FileHandle> file, caf::actor supervisor,
                           uint64_t file_size, uint64_t chunk_size,
                           std::optional<io::ContentHashKind> content_hash, bool xet_hash);

}  // namespace tf::actors
