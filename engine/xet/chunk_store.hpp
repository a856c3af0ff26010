// The chunk store: decoded Xet chunks kept on disk so that a later download of a file that
// shares them (a new revision, or another file with common content) copies them locally instead
// of fetching them again. This is what makes delta updates cheap.
//
// Keyed as xet-core keys its chunk cache: by xorb hash and chunk range. An entry holds the
// decoded chunks [start, end) of one xorb:
//   <root>/<first two hex digits>/<xorb hex>/<start>-<end>
//   bytes: "TFXCHNK1" | u32 count | u32 length[count] | chunk data, concatenated
// A lookup takes any entry whose range contains the wanted chunks. Entries are written to a
// temporary name and renamed, so a reader never sees half an entry; a damaged entry (wrong size,
// bad header) is removed and treated as absent. The store is bounded: after an insert, entries
// are evicted least recently used first (by modification time, touched on every use) until the
// total is under the limit. What comes out of it is not trusted either: a download re-hashes
// every byte it copies (Xet file hash and SHA-256), so a bad entry costs a fallback, never a bad
// file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "engine/xet/merkle_hash.hpp"
#include "engine/xet/reconstruction.hpp"
#include "io/file_handle.hpp"

namespace tf::xet {

// Where an entry's chunks are.
struct ChunkStoreEntry {
  std::filesystem::path path;
  ChunkRange chunks;              // what the entry holds
  std::vector<uint32_t> lengths;  // per chunk
  uint64_t data_offset = 0;       // where chunk `chunks.start`'s data begins in the file
};

// A piece of an open file: bytes [offset, offset + length).
struct FileSegment {
  uint64_t offset = 0;
  uint64_t length = 0;
};

class ChunkStore {
 public:
  // max_bytes 0 disables the store (lookups find nothing, inserts do nothing).
  ChunkStore(std::filesystem::path root, uint64_t max_bytes);

  bool enabled() const { return max_bytes_ > 0; }
  const std::filesystem::path& root() const { return root_; }
  uint64_t max_bytes() const { return max_bytes_; }

  // An entry that holds every chunk of `wanted`, marked as just used; nullopt if none.
  std::optional<ChunkStoreEntry> find(const MerkleHash& xorb, const ChunkRange& wanted) const;

  // Reads chunks `wanted` (inside entry.chunks) in order, calling on_chunk(index, data) for
  // each. Throws tf::Error(io) when the entry cannot be read.
  using ChunkCallback = std::function<void(uint32_t index, std::span<const uint8_t> data)>;
  void read(const ChunkStoreEntry& entry, const ChunkRange& wanted,
            const ChunkCallback& on_chunk) const;

  // Stores chunks `range` of `xorb`, whose lengths are `lengths` and whose data is the
  // concatenation of `segments` of `source` (kernel-side copy). Then evicts down to the limit.
  // Failures (disk full...) only mean the chunks are not kept: they are swallowed.
  void insert(const MerkleHash& xorb, const ChunkRange& range, const std::vector<uint32_t>& lengths,
              const io::FileHandle& source, const std::vector<FileSegment>& segments) const;

  // Removes entries, oldest use first, until the store holds at most `limit` bytes.
  void evict_to(uint64_t limit) const;
  // Bytes held by all entries.
  uint64_t size_on_disk() const;
  // Removes the entry (it produced bad data).
  void remove(const ChunkStoreEntry& entry) const;

 private:
  std::filesystem::path xorb_folder(const MerkleHash& xorb) const;

  std::filesystem::path root_;
  uint64_t max_bytes_;
};

// The store's default location and size as hf_xet reads them: HF_XET_CACHE/chunk-cache and
// HF_XET_CHUNK_CACHE_SIZE_BYTES (default 10 GiB; 0 turns it off).
inline constexpr uint64_t kDefaultChunkStoreBytes = 10ull << 30;

}  // namespace tf::xet
