// Turns a parsed reconstruction into work for a downloader: which xorb byte ranges to fetch, and
// for every chunk they hold, where in the file its bytes go.
//
// Where a chunk's bytes go depends on the sizes of the chunks before it in its term, which are
// only known once those chunks are decoded. So the plan says, per fetch, which terms it serves
// and which part of each term's data to write where (TermPlacement), and a FetchAssembler turns
// each decoded chunk, in order, into writes. It also checks each term's decoded length against
// the reconstruction's unpacked_length.
//
// Offsets: term data is the concatenation of all terms' chunks. The first
// offset_into_first_range bytes of it are skipped; the next byte is file byte `first` of the
// requested range; output stops after the requested length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/xet/reconstruction.hpp"

namespace tf::xet {

// The part of one term that one fetch provides.
struct TermPlacement {
  size_t term_index = 0;
  ChunkRange chunks;             // the term's chunks (all inside the fetch's range)
  uint64_t unpacked_length = 0;  // what the term's chunks must decode to in total
  uint64_t skip = 0;             // bytes at the start of the term's data that are not written
  uint64_t length = 0;           // bytes written after those (at least 1)
  uint64_t file_offset = 0;      // where the first written byte goes

  bool operator==(const TermPlacement&) const = default;
};

// One xorb byte range to download, and the terms it serves.
struct PlannedFetch {
  MerkleHash xorb;
  std::string url;
  size_t fetch_index = 0;  // which entry of reconstruction.xorbs[xorb] (which URL) it is from
  size_t range_index = 0;  // which of that entry's ranges it is
  XorbFetchRange range;
  std::vector<TermPlacement> placements;  // in term order

  bool operator==(const PlannedFetch&) const = default;
};

struct ReassemblyPlan {
  uint64_t file_offset = 0;  // the first file byte produced
  uint64_t length = 0;       // bytes produced
  // Only ranges that some needed term uses, ordered by the first term they serve. Fetches with
  // the same xorb and fetch_index share a URL and can be requested together
  // (multipart/byteranges); sort them by range_index to list the ranges in ascending order.
  std::vector<PlannedFetch> fetches;
};

// Plans file bytes `requested` (absolute offsets, inclusive) from a reconstruction fetched for
// that range. Throws tf::Error(protocol) when the reconstruction yields fewer bytes than asked.
ReassemblyPlan plan_reassembly(const Reconstruction& reconstruction, const ByteRange& requested);
// Plans everything the reconstruction yields, as file bytes from offset 0 (a whole file).
ReassemblyPlan plan_reassembly(const Reconstruction& reconstruction);

// Where bytes [offset_in_chunk, offset_in_chunk + length) of a decoded chunk go.
struct ChunkWrite {
  uint64_t file_offset = 0;
  uint32_t offset_in_chunk = 0;
  uint32_t length = 0;

  bool operator==(const ChunkWrite&) const = default;
};

// Follows one planned fetch while its chunks are decoded.
class FetchAssembler {
 public:
  explicit FetchAssembler(PlannedFetch fetch);

  // The next decoded chunk of the fetch (chunk indices must come in order, from
  // range.chunks.start). Returns where its bytes go; a chunk used by several terms goes to
  // several places (in file order), and a chunk no needed byte of which is in the plan goes
  // nowhere. The span is valid until the next call. Throws tf::Error(protocol) when a term's chunks
  // decode to more or fewer bytes than its unpacked_length.
  std::span<const ChunkWrite> place(uint32_t chunk_index, size_t chunk_size);
  // All of the fetch's chunks were placed. Throws tf::Error(protocol) otherwise.
  void finish() const;

  const PlannedFetch& fetch() const { return fetch_; }

 private:
  [[noreturn]] void fail(const std::string& what) const;

  PlannedFetch fetch_;
  std::vector<uint64_t> term_bytes_seen_;  // per placement: decoded bytes of its term so far
  std::vector<size_t> active_;             // placements whose chunks include the current one
  size_t next_placement_ = 0;              // placements are sorted by first chunk
  uint32_t next_chunk_;
  std::vector<ChunkWrite> writes_;
};

}  // namespace tf::xet
