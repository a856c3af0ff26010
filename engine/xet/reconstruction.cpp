#include "engine/xet/reconstruction.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "engine/xet/chunker.hpp"
#include "engine/xet/xorb_format.hpp"
#include "io/error.hpp"

namespace tf::xet {

namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw Error(ErrorKind::protocol, "reconstruction: " + where + ": " + what);
}

const json& member(const json& object, const char* key, const std::string& where) {
  if (!object.is_object()) fail(where, "is not a JSON object");
  const auto it = object.find(key);
  if (it == object.end()) fail(where, std::string("has no \"") + key + "\"");
  return *it;
}

const json& array_member(const json& object, const char* key, const std::string& where) {
  const json& value = member(object, key, where);
  if (!value.is_array()) fail(where + "." + key, "is not an array");
  return value;
}

uint64_t unsigned_member(const json& object, const char* key, const std::string& where,
                         uint64_t max) {
  const json& value = member(object, key, where);
  // nlohmann stores non-negative integers as unsigned; negatives and fractions are other types.
  if (!value.is_number_unsigned()) {
    fail(where + "." + key, "must be a non-negative integer, not " + value.dump());
  }
  const auto number = value.get<uint64_t>();
  if (number > max) {
    fail(where + "." + key, std::to_string(number) + " exceeds " + std::to_string(max));
  }
  return number;
}

MerkleHash parse_hash(const std::string& text, const std::string& where) {
  const auto hash = MerkleHash::parse_hex(text);
  if (!hash) fail(where, "'" + text.substr(0, 80) + "' is not a Xet hash (64 hex digits)");
  return *hash;
}

ChunkRange parse_chunk_range(const json& value, const std::string& where) {
  ChunkRange range;
  range.start = static_cast<uint32_t>(unsigned_member(value, "start", where, max_xorb_chunks));
  range.end = static_cast<uint32_t>(unsigned_member(value, "end", where, max_xorb_chunks));
  if (range.end <= range.start) {
    fail(where, "chunk range " + std::to_string(range.start) + ".." + std::to_string(range.end) +
                    " is empty (end is exclusive)");
  }
  return range;
}

ByteRange parse_byte_range(const json& value, const std::string& where) {
  ByteRange range;
  range.first = unsigned_member(value, "start", where, max_xorb_range_end - 1);
  range.last = unsigned_member(value, "end", where, max_xorb_range_end - 1);
  if (range.last < range.first) {
    fail(where, "byte range " + std::to_string(range.first) + "-" + std::to_string(range.last) +
                    " ends before it starts (end is inclusive)");
  }
  return range;
}

// The bytes of n chunks: each has an 8-byte header and at least one byte, and at most the
// largest compressed payload.
void check_range_plausible(const XorbFetchRange& range, const std::string& where) {
  const uint64_t chunks = range.chunks.count();
  if (range.bytes.length() < chunks * (chunk_header_size + 1) ||
      range.bytes.length() > chunks * (chunk_header_size + max_compressed_chunk_size)) {
    fail(where, std::to_string(range.bytes.length()) + " bytes cannot hold " +
                    std::to_string(chunks) + " chunks");
  }
}

std::string parse_url(const json& object, const std::string& where) {
  const json& value = member(object, "url", where);
  if (!value.is_string()) fail(where + ".url", "is not a string");
  const auto& url = value.get_ref<const std::string&>();
  if (url.size() > max_url_length) fail(where + ".url", "is longer than 16 KiB");
  if (!url.starts_with("http://") && !url.starts_with("https://")) {
    fail(where + ".url", "'" + url.substr(0, 80) + "' is not an http(s) URL");
  }
  // A URL goes into a request line: a CR, LF or space in it could inject headers.
  if (std::any_of(url.begin(), url.end(),
                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; })) {
    fail(where + ".url", "contains spaces or control characters");
  }
  return url;
}

ReconstructionTerm parse_term(const json& value, const std::string& where) {
  ReconstructionTerm term;
  const json& hash = member(value, "hash", where);
  if (!hash.is_string()) fail(where + ".hash", "is not a string");
  term.xorb = parse_hash(hash.get<std::string>(), where + ".hash");
  term.chunks = parse_chunk_range(member(value, "range", where), where + ".range");
  const uint64_t chunks = term.chunks.count();
  term.unpacked_length = unsigned_member(value, "unpacked_length", where, chunks * max_chunk_size);
  if (term.unpacked_length < chunks) {
    fail(where + ".unpacked_length", std::to_string(term.unpacked_length) + " bytes cannot fill " +
                                         std::to_string(chunks) + " non-empty chunks");
  }
  return term;
}

XorbFetch parse_v2_fetch(const json& value, const std::string& where) {
  XorbFetch fetch;
  fetch.url = parse_url(value, where);
  const json& ranges = array_member(value, "ranges", where);
  if (ranges.empty()) fail(where + ".ranges", "is empty");
  for (size_t i = 0; i < ranges.size(); ++i) {
    const std::string at = where + ".ranges[" + std::to_string(i) + "]";
    XorbFetchRange range{parse_chunk_range(member(ranges[i], "chunks", at), at + ".chunks"),
                         parse_byte_range(member(ranges[i], "bytes", at), at + ".bytes")};
    check_range_plausible(range, at);
    if (!fetch.ranges.empty()) {
      const XorbFetchRange& previous = fetch.ranges.back();
      if (range.chunks.start < previous.chunks.end || range.bytes.first <= previous.bytes.last) {
        fail(at, "overlaps or precedes the range before it (ranges must ascend)");
      }
    }
    fetch.ranges.push_back(range);
  }
  return fetch;
}

XorbFetch parse_v1_fetch(const json& value, const std::string& where) {
  XorbFetchRange range{parse_chunk_range(member(value, "range", where), where + ".range"),
                       parse_byte_range(member(value, "url_range", where), where + ".url_range")};
  check_range_plausible(range, where);
  return {parse_url(value, where), {range}};
}

std::map<MerkleHash, std::vector<XorbFetch>> parse_fetches(const json& root, bool v2) {
  const char* key = v2 ? "xorbs" : "fetch_info";
  const json& xorbs = root.at(key);
  if (!xorbs.is_object()) fail(key, "is not a JSON object");
  std::map<MerkleHash, std::vector<XorbFetch>> result;
  for (const auto& [hex, entries] : xorbs.items()) {
    const std::string where = std::string(key) + "[\"" + hex.substr(0, 80) + "\"]";
    const MerkleHash xorb = parse_hash(hex, where);
    if (!entries.is_array() || entries.empty()) fail(where, "is not a non-empty array");
    std::vector<XorbFetch>& fetches = result[xorb];
    for (size_t i = 0; i < entries.size(); ++i) {
      const std::string at = where + "[" + std::to_string(i) + "]";
      fetches.push_back(v2 ? parse_v2_fetch(entries[i], at) : parse_v1_fetch(entries[i], at));
    }
  }
  return result;
}

// Every term must be fetchable: its chunks inside one range of its xorb.
void check_terms_covered(const Reconstruction& reconstruction) {
  for (size_t i = 0; i < reconstruction.terms.size(); ++i) {
    const ReconstructionTerm& term = reconstruction.terms[i];
    const std::string where = "terms[" + std::to_string(i) + "]";
    const auto it = reconstruction.xorbs.find(term.xorb);
    if (it == reconstruction.xorbs.end()) {
      fail(where, "xorb " + term.xorb.hex() + " has no fetch information");
    }
    const bool covered = std::any_of(it->second.begin(), it->second.end(), [&](const auto& fetch) {
      return std::any_of(fetch.ranges.begin(), fetch.ranges.end(),
                         [&](const auto& range) { return range.chunks.contains(term.chunks); });
    });
    if (!covered) {
      fail(where, "chunks " + std::to_string(term.chunks.start) + ".." +
                      std::to_string(term.chunks.end) + " of xorb " + term.xorb.hex() +
                      " are not inside any one fetch range");
    }
  }
}

json chunk_range_json(const ChunkRange& range) {
  return {{"start", range.start}, {"end", range.end}};
}

json byte_range_json(const ByteRange& range) {
  return {{"start", range.first}, {"end", range.last}};
}

json common_json(const Reconstruction& reconstruction) {
  json terms = json::array();
  for (const ReconstructionTerm& term : reconstruction.terms) {
    terms.push_back({{"hash", term.xorb.hex()},
                     {"unpacked_length", term.unpacked_length},
                     {"range", chunk_range_json(term.chunks)}});
  }
  return {{"offset_into_first_range", reconstruction.offset_into_first_range},
          {"terms", std::move(terms)}};
}

}  // namespace

uint64_t Reconstruction::unpacked_length() const {
  uint64_t total = 0;
  for (const ReconstructionTerm& term : terms)
    total += term.unpacked_length;
  return total;
}

uint64_t Reconstruction::data_length() const {
  return unpacked_length() - offset_into_first_range;
}

Reconstruction parse_reconstruction(std::string_view text, const ReconstructionLimits& limits) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {
    fail("body", std::string("is not valid JSON: ") + e.what());
  }
  if (!root.is_object()) fail("body", "is not a JSON object");
  Reconstruction reconstruction;
  reconstruction.offset_into_first_range =
      unsigned_member(root, "offset_into_first_range", "body", max_reconstructed_length);
  const json& terms = array_member(root, "terms", "body");
  uint64_t total = 0;
  for (size_t i = 0; i < terms.size(); ++i) {
    reconstruction.terms.push_back(parse_term(terms[i], "terms[" + std::to_string(i) + "]"));
    total += reconstruction.terms.back().unpacked_length;
    if (total > limits.max_unpacked_length) {
      fail("terms", "add up to more than " + std::to_string(limits.max_unpacked_length) + " bytes");
    }
  }
  const bool v2 = root.contains("xorbs");
  if (!v2 && !root.contains("fetch_info")) fail("body", "has neither \"xorbs\" nor \"fetch_info\"");
  reconstruction.xorbs = parse_fetches(root, v2);
  check_terms_covered(reconstruction);
  const uint64_t first_length =
      reconstruction.terms.empty() ? 0 : reconstruction.terms.front().unpacked_length;
  if (reconstruction.offset_into_first_range >= first_length &&
      !(reconstruction.terms.empty() && reconstruction.offset_into_first_range == 0)) {
    fail("offset_into_first_range", std::to_string(reconstruction.offset_into_first_range) +
                                        " is not inside the first term (" +
                                        std::to_string(first_length) + " bytes)");
  }
  return reconstruction;
}

std::string to_json_v2(const Reconstruction& reconstruction) {
  json root = common_json(reconstruction);
  json xorbs = json::object();
  for (const auto& [xorb, fetches] : reconstruction.xorbs) {
    json entries = json::array();
    for (const XorbFetch& fetch : fetches) {
      json ranges = json::array();
      for (const XorbFetchRange& range : fetch.ranges) {
        ranges.push_back(
            {{"chunks", chunk_range_json(range.chunks)}, {"bytes", byte_range_json(range.bytes)}});
      }
      entries.push_back({{"url", fetch.url}, {"ranges", std::move(ranges)}});
    }
    xorbs[xorb.hex()] = std::move(entries);
  }
  root["xorbs"] = std::move(xorbs);
  return root.dump();
}

std::string to_json_v1(const Reconstruction& reconstruction) {
  json root = common_json(reconstruction);
  json fetch_info = json::object();
  for (const auto& [xorb, fetches] : reconstruction.xorbs) {
    json entries = json::array();
    for (const XorbFetch& fetch : fetches) {
      for (const XorbFetchRange& range : fetch.ranges) {
        entries.push_back({{"range", chunk_range_json(range.chunks)},
                           {"url", fetch.url},
                           {"url_range", byte_range_json(range.bytes)}});
      }
    }
    fetch_info[xorb.hex()] = std::move(entries);
  }
  root["fetch_info"] = std::move(fetch_info);
  return root.dump();
}

}  // namespace tf::xet
