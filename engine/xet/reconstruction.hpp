// The CAS reconstruction of a file (GET /v2/reconstructions/{file hash}, or /v1/...): which
// chunk ranges of which xorbs make up the file, in order ("terms"), and where to fetch those
// chunks ("xorbs" in v2, "fetch_info" in v1). Both versions parse into one value type.
//
// v2: {"offset_into_first_range": 0,
//      "terms": [{"hash": "<xorb>", "unpacked_length": 263873, "range": {"start": 0, "end": 4}}],
//      "xorbs": {"<xorb>": [{"url": "<signed url>",
//                            "ranges": [{"chunks": {"start": 0, "end": 4},
//                                        "bytes": {"start": 0, "end": 131071}}]}]}}
// v1: the same, but "fetch_info": {"<xorb>": [{"range": {"start", "end"}, "url": "...",
//                                              "url_range": {"start", "end"}}]} instead of "xorbs".
//
// Chunk ranges are end-exclusive; byte ranges are end-inclusive (HTTP Range).
//
// The server is not trusted: parse_reconstruction checks every field and every relation a
// downloader relies on, and throws tf::Error(protocol) naming the offending field.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/xet/merkle_hash.hpp"

namespace tf::xet {

// Chunks [start, end) of a xorb.
struct ChunkRange {
  uint32_t start = 0;
  uint32_t end = 0;

  uint32_t count() const { return end - start; }
  bool contains(const ChunkRange& other) const { return start <= other.start && other.end <= end; }
  bool operator==(const ChunkRange&) const = default;
};

// Bytes [first, last] (inclusive, as in an HTTP Range header).
struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;

  uint64_t length() const { return last - first + 1; }
  bool operator==(const ByteRange&) const = default;
};

// A piece of the file: chunks of one xorb whose data, concatenated, is unpacked_length bytes.
struct ReconstructionTerm {
  MerkleHash xorb;
  ChunkRange chunks;
  uint64_t unpacked_length = 0;

  bool operator==(const ReconstructionTerm&) const = default;
};

// Chunks of a xorb and the bytes of the xorb that hold them.
struct XorbFetchRange {
  ChunkRange chunks;
  ByteRange bytes;

  bool operator==(const XorbFetchRange&) const = default;
};

// One URL and the ranges to request from it (several ranges: a multipart/byteranges answer).
struct XorbFetch {
  std::string url;
  std::vector<XorbFetchRange> ranges;

  bool operator==(const XorbFetch&) const = default;
};

struct Reconstruction {
  // Bytes of the first term's data that precede the requested range.
  uint64_t offset_into_first_range = 0;
  std::vector<ReconstructionTerm> terms;
  // For each xorb: where to fetch its chunks. A std::map, so that JSON output is stable.
  std::map<MerkleHash, std::vector<XorbFetch>> xorbs;

  // Sum of the terms' unpacked lengths.
  uint64_t unpacked_length() const;
  // The bytes the reconstruction yields: unpacked_length() - offset_into_first_range.
  uint64_t data_length() const;

  bool operator==(const Reconstruction&) const = default;
};

// Limits on what a server may send (beyond them the JSON is hostile or broken).
inline constexpr uint64_t max_xorb_range_end = 128ULL * 1024 * 1024;  // twice the xorb limit
inline constexpr uint64_t max_reconstructed_length = 1ULL << 50;      // 1 PiB
inline constexpr size_t max_url_length = 16 * 1024;

struct ReconstructionLimits {
  // Cap on the sum of the terms' unpacked lengths. A caller that knows the file's size can pass
  // it (or the requested range's length plus one chunk) to reject a padded answer early.
  uint64_t max_unpacked_length = max_reconstructed_length;
};

// Parses a v1 or v2 reconstruction (v2 when it has "xorbs"). Checks: hashes are 64 hex digits;
// numbers are non-negative integers; chunk ranges are non-empty and within a xorb's 8192
// chunks; byte ranges are ordered, below max_xorb_range_end, and plausible for their chunk
// count; the ranges of one fetch ascend without overlapping; URLs are http(s) without spaces or
// control characters; each term's unpacked length is plausible for its chunk count; each term's
// chunks lie within one fetch range of its xorb; offset_into_first_range is inside the first
// term; the total stays within limits.max_unpacked_length. Unknown fields are ignored.
Reconstruction parse_reconstruction(std::string_view json, const ReconstructionLimits& limits = {});

// JSON in the v2 and v1 shapes. v1 gets one fetch_info entry per range, each with its fetch's
// URL.
std::string to_json_v2(const Reconstruction& reconstruction);
std::string to_json_v1(const Reconstruction& reconstruction);

}  // namespace tf::xet
