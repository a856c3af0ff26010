#include "engine/xet/reconstruction_builder.hpp"

#include <algorithm>
#include <map>

#include "io/error.hpp"

namespace tf::xet {

namespace {

[[noreturn]] void inconsistent(const ReconstructionTerm& term, const std::string& what) {
  throw Error(ErrorKind::internal, "build_reconstruction: term of xorb " + term.xorb.hex() +
                                       " chunks " + std::to_string(term.chunks.start) + ".." +
                                       std::to_string(term.chunks.end) + ": " + what);
}

// The part of a term that overlaps the wanted bytes, cut at chunk boundaries.
struct TrimmedTerm {
  ReconstructionTerm term;
  uint64_t skipped = 0;  // bytes of the original term before the first kept chunk
};

// Keeps the chunks of `term` (whose data starts at file offset term_begin) that hold any byte of
// [want_first, want_last].
TrimmedTerm trim(const ReconstructionTerm& term, std::span<const XorbChunk> chunks,
                 uint64_t term_begin, uint64_t want_first, uint64_t want_last) {
  if (term.chunks.end > chunks.size()) inconsistent(term, "the xorb has fewer chunks");
  TrimmedTerm trimmed{{term.xorb, {0, 0}, 0}, 0};
  bool started = false;
  uint64_t chunk_begin = term_begin;
  for (uint32_t c = term.chunks.start; c < term.chunks.end; ++c) {
    const uint64_t chunk_end = chunk_begin + chunks[c].size;
    if (chunk_end > want_first && chunk_begin <= want_last) {
      if (!started) {
        trimmed.term.chunks.start = c;
        trimmed.skipped = chunk_begin - term_begin;
        started = true;
      }
      trimmed.term.chunks.end = c + 1;
      trimmed.term.unpacked_length += chunks[c].size;
    }
    chunk_begin = chunk_end;
  }
  if (chunk_begin - term_begin != term.unpacked_length) {
    inconsistent(term, "its chunks hold " + std::to_string(chunk_begin - term_begin) +
                           " bytes, not unpacked_length " + std::to_string(term.unpacked_length));
  }
  return trimmed;
}

// Sorts chunk ranges and merges those that overlap or touch.
std::vector<ChunkRange> merged(std::vector<ChunkRange> ranges) {
  std::sort(ranges.begin(), ranges.end(),
            [](const ChunkRange& a, const ChunkRange& b) { return a.start < b.start; });
  std::vector<ChunkRange> out;
  for (const ChunkRange& range : ranges) {
    if (!out.empty() && range.start <= out.back().end) {
      out.back().end = std::max(out.back().end, range.end);
    } else {
      out.push_back(range);
    }
  }
  return out;
}

}  // namespace

Reconstruction build_reconstruction(std::span<const ReconstructionTerm> file_terms,
                                    const XorbChunksLookup& xorb_chunks,
                                    const XorbUrlMaker& make_url, std::optional<ByteRange> range) {
  uint64_t file_size = 0;
  for (const ReconstructionTerm& term : file_terms)
    file_size += term.unpacked_length;
  Reconstruction result;
  if (!range && file_size == 0) return result;
  const uint64_t want_first = range ? range->first : 0;
  if (want_first >= file_size) {
    throw Error(ErrorKind::invalid_argument, "range start " + std::to_string(want_first) +
                                                 " is not inside the file (" +
                                                 std::to_string(file_size) + " bytes)");
  }
  const uint64_t want_last = std::min(range ? range->last : file_size - 1, file_size - 1);
  if (want_last < want_first) {
    throw Error(ErrorKind::invalid_argument, "range ends before it starts");
  }
  std::map<MerkleHash, std::vector<ChunkRange>> needed;
  uint64_t term_begin = 0;
  for (const ReconstructionTerm& term : file_terms) {
    const uint64_t term_end = term_begin + term.unpacked_length;
    if (term_end > want_first && term_begin <= want_last) {
      const TrimmedTerm trimmed =
          trim(term, xorb_chunks(term.xorb), term_begin, want_first, want_last);
      if (result.terms.empty()) {
        result.offset_into_first_range = want_first - (term_begin + trimmed.skipped);
      }
      result.terms.push_back(trimmed.term);
      needed[term.xorb].push_back(trimmed.term.chunks);
    }
    term_begin = term_end;
  }
  for (auto& [xorb, chunk_ranges] : needed) {
    const std::span<const XorbChunk> chunks = xorb_chunks(xorb);
    XorbFetch fetch;
    for (const ChunkRange& chunk_range : merged(std::move(chunk_ranges))) {
      fetch.ranges.push_back(
          {chunk_range,
           {chunks[chunk_range.start].byte_start, chunks[chunk_range.end - 1].byte_end - 1}});
    }
    fetch.url = make_url(xorb, fetch.ranges);
    result.xorbs[xorb].push_back(std::move(fetch));
  }
  return result;
}

}  // namespace tf::xet
