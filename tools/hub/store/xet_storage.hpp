// The hub's Xet storage (its stand-in CAS), beside the objects in the data folder:
//   xorbs/<xorb hash>          a xorb's serialized chunks, without a footer (what clients fetch)
//   xorbs/<xorb hash>.chunks   its chunk layout: per chunk hash, size, byte range, scheme
//   xet/files/<xet hash>.json  a Xet file: its SHA-256, size and terms
//   xet/sha256/<sha256>        the Xet hash of that content, so a known content is not re-chunked
// Every file is written under a temporary name and renamed into place, the layout after its
// xorb, so a reader that sees a layout also sees the xorb. The chunk index that deduplicates new
// files is rebuilt from the layouts: they are the one record of which chunks are stored.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/xet/file_to_xorbs.hpp"
#include "engine/xet/xorb_builder.hpp"
#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::store {

// A stored Xet file, as the CAS answers for it.
struct XetFileRecord {
  xet::MerkleHash xet_hash;
  std::string sha256;
  uint64_t size = 0;
  std::vector<xet::ReconstructionTerm> terms;
};

class XetStorage {
 public:
  // `data_root` is the data folder; the subfolders are created on first write.
  explicit XetStorage(std::filesystem::path data_root);

  std::filesystem::path xorb_path(const xet::MerkleHash& xorb) const;
  bool has_xorb(const xet::MerkleHash& xorb) const;
  // Writes the xorb's bytes, then its layout. A xorb that exists already is left alone.
  void store_xorb(const xet::BuiltXorb& xorb) const;
  // The layout of a stored xorb; nullopt if there is none. Throws tf::Error(io) if corrupt.
  std::optional<std::vector<xet::XorbChunk>> read_layout(const xet::MerkleHash& xorb) const;
  // Every stored chunk, from every layout.
  xet::ChunkIndex load_chunk_index() const;

  void store_file(const XetFileRecord& file) const;
  std::optional<XetFileRecord> read_file(const xet::MerkleHash& xet_hash) const;
  // The Xet hash recorded for a content, if it was ingested before.
  std::optional<std::string> xet_hash_of(std::string_view sha256) const;

  // Serialises ingests across processes (tf-hub generate and the admin API's replace).
  class Lock;
  [[nodiscard]] Lock lock() const;

  const std::filesystem::path& xorbs_dir() const { return xorbs_; }

 private:
  std::filesystem::path root_;
  std::filesystem::path xorbs_;
  std::filesystem::path files_;
  std::filesystem::path by_sha256_;
};

class XetStorage::Lock {
 public:
  explicit Lock(sys::UniqueFd fd) : fd_(std::move(fd)) {}

 private:
  sys::UniqueFd fd_;  // flock()ed; closing it unlocks
};

}  // namespace tf::hub::store
