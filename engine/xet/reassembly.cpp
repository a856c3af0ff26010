#include "engine/xet/reassembly.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include "io/error.hpp"

namespace tf::xet {

namespace {

// The first range of the xorb's fetches that holds all of `chunks`, as (fetch, range) indices.
// parse_reconstruction guarantees there is one.
std::pair<size_t, size_t> find_range(const std::vector<XorbFetch>& fetches,
                                     const ChunkRange& chunks) {
  for (size_t f = 0; f < fetches.size(); ++f) {
    for (size_t r = 0; r < fetches[f].ranges.size(); ++r) {
      if (fetches[f].ranges[r].chunks.contains(chunks)) return {f, r};
    }
  }
  throw Error(ErrorKind::protocol, "reconstruction: no fetch range holds chunks " +
                                       std::to_string(chunks.start) + ".." +
                                       std::to_string(chunks.end));
}

ReassemblyPlan plan(const Reconstruction& reconstruction, uint64_t file_offset, uint64_t length) {
  ReassemblyPlan result{file_offset, length, {}};
  // Term data bytes [want_begin, want_end) are the output.
  const uint64_t want_begin = reconstruction.offset_into_first_range;
  const uint64_t want_end = want_begin + length;
  std::map<std::tuple<MerkleHash, size_t, size_t>, size_t> fetch_of_range;
  uint64_t term_begin = 0;
  for (size_t i = 0; i < reconstruction.terms.size() && term_begin < want_end; ++i) {
    const ReconstructionTerm& term = reconstruction.terms[i];
    const uint64_t term_end = term_begin + term.unpacked_length;
    const uint64_t begin = std::max(term_begin, want_begin);
    const uint64_t end = std::min(term_end, want_end);
    if (begin < end) {
      const auto xorb = reconstruction.xorbs.find(term.xorb);
      if (xorb == reconstruction.xorbs.end()) {
        throw Error(ErrorKind::protocol,
                    "reconstruction: xorb " + term.xorb.hex() + " has no fetch information");
      }
      const std::vector<XorbFetch>& fetches = xorb->second;
      const auto [f, r] = find_range(fetches, term.chunks);
      const auto [it, added] = fetch_of_range.try_emplace({term.xorb, f, r}, result.fetches.size());
      if (added) {
        result.fetches.push_back({term.xorb, fetches[f].url, f, r, fetches[f].ranges[r], {}});
      }
      result.fetches[it->second].placements.push_back({i, term.chunks, term.unpacked_length,
                                                       begin - term_begin, end - begin,
                                                       file_offset + (begin - want_begin)});
    }
    term_begin = term_end;
  }
  return result;
}

}  // namespace

ReassemblyPlan plan_reassembly(const Reconstruction& reconstruction, const ByteRange& requested) {
  if (requested.last < requested.first) {
    throw Error(ErrorKind::invalid_argument, "reassembly: requested range ends before it starts");
  }
  const uint64_t available = reconstruction.data_length();
  if (requested.length() > available) {
    throw Error(ErrorKind::protocol,
                "reconstruction yields " + std::to_string(available) + " bytes but bytes " +
                    std::to_string(requested.first) + "-" + std::to_string(requested.last) + " (" +
                    std::to_string(requested.length()) + " bytes) were requested");
  }
  return plan(reconstruction, requested.first, requested.length());
}

ReassemblyPlan plan_reassembly(const Reconstruction& reconstruction) {
  return plan(reconstruction, 0, reconstruction.data_length());
}

FetchAssembler::FetchAssembler(PlannedFetch fetch)
    : fetch_(std::move(fetch)),
      term_bytes_seen_(fetch_.placements.size(), 0),
      next_chunk_(fetch_.range.chunks.start) {
  std::stable_sort(fetch_.placements.begin(), fetch_.placements.end(),
                   [](const TermPlacement& a, const TermPlacement& b) {
                     return a.chunks.start < b.chunks.start;
                   });
  for (const TermPlacement& placement : fetch_.placements) {
    if (!fetch_.range.chunks.contains(placement.chunks)) {
      throw Error(ErrorKind::invalid_argument, "FetchAssembler: a placement is outside its range");
    }
  }
}

void FetchAssembler::fail(const std::string& what) const {
  throw Error(ErrorKind::protocol, "xorb " + fetch_.xorb.hex() + " chunks " +
                                       std::to_string(fetch_.range.chunks.start) + ".." +
                                       std::to_string(fetch_.range.chunks.end) + ": " + what);
}

std::span<const ChunkWrite> FetchAssembler::place(uint32_t chunk_index, size_t chunk_size) {
  if (chunk_index != next_chunk_ || chunk_index >= fetch_.range.chunks.end) {
    fail("chunk " + std::to_string(chunk_index) + " arrived, but chunk " +
         std::to_string(next_chunk_) + " was due");
  }
  ++next_chunk_;
  writes_.clear();
  while (next_placement_ < fetch_.placements.size() &&
         fetch_.placements[next_placement_].chunks.start == chunk_index) {
    active_.push_back(next_placement_++);
  }
  for (size_t index : active_) {
    const TermPlacement& placement = fetch_.placements[index];
    const uint64_t chunk_begin = term_bytes_seen_[index];  // in the term's data
    const uint64_t chunk_end = chunk_begin + chunk_size;
    term_bytes_seen_[index] = chunk_end;
    if (chunk_end > placement.unpacked_length ||
        (chunk_index + 1 == placement.chunks.end && chunk_end != placement.unpacked_length)) {
      fail("term " + std::to_string(placement.term_index) + " (chunks " +
           std::to_string(placement.chunks.start) + ".." + std::to_string(placement.chunks.end) +
           ") decodes to " + (chunk_end > placement.unpacked_length ? "more than " : "") +
           std::to_string(chunk_end) + " bytes, but its unpacked_length is " +
           std::to_string(placement.unpacked_length));
    }
    // The written part of the term is [skip, skip + length) of its data.
    const uint64_t begin = std::max(chunk_begin, placement.skip);
    const uint64_t end = std::min(chunk_end, placement.skip + placement.length);
    if (begin < end) {
      writes_.push_back({placement.file_offset + (begin - placement.skip),
                         static_cast<uint32_t>(begin - chunk_begin),
                         static_cast<uint32_t>(end - begin)});
    }
  }
  std::erase_if(active_, [&](size_t index) {
    return fetch_.placements[index].chunks.end == chunk_index + 1;
  });
  std::sort(writes_.begin(), writes_.end(),
            [](const ChunkWrite& a, const ChunkWrite& b) { return a.file_offset < b.file_offset; });
  return writes_;
}

void FetchAssembler::finish() const {
  if (next_chunk_ != fetch_.range.chunks.end) {
    fail("only " + std::to_string(next_chunk_ - fetch_.range.chunks.start) + " of " +
         std::to_string(fetch_.range.chunks.count()) + " chunks arrived");
  }
}

}  // namespace tf::xet
