// Parsers for the HTTP response headers the transfer logic depends on. Every value comes from
// a server and is untrusted: parsers return nullopt on anything malformed or out of range
// instead of guessing.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tf::io {

// Response headers with lowercase names. For repeated headers the values are joined with ", "
// (RFC 9110 5.3), except Set-Cookie which we never need.
using HeaderMap = std::map<std::string, std::string, std::less<>>;

std::optional<std::string_view> find_header(const HeaderMap& headers, std::string_view name);

// `Content-Range: bytes first-last/total` (total may be `*`), or `bytes */total` on a 416.
struct ContentRange {
  std::optional<uint64_t> first;  // absent for `bytes */total`
  std::optional<uint64_t> last;   // inclusive
  std::optional<uint64_t> total;  // absent for `/*`
};
std::optional<ContentRange> parse_content_range(std::string_view value);

// A decimal Content-Length (no sign, no spaces inside, fits in 63 bits).
std::optional<uint64_t> parse_content_length(std::string_view value);

// `Retry-After`: delta-seconds or an HTTP-date, relative to `now`. Capped at `cap`.
std::optional<std::chrono::seconds> parse_retry_after(
    std::string_view value, std::chrono::system_clock::time_point now,
    std::chrono::seconds cap = std::chrono::hours(1));

// An entity tag as sent (quotes kept). `weak` is true for W/"...": weak tags cannot be used in
// If-Range, so resume falls back to Last-Modified for them.
struct EntityTag {
  std::string value;  // e.g. "\"abc\""
  bool weak = false;
};
std::optional<EntityTag> parse_entity_tag(std::string_view value);

// The etag as huggingface_hub normalises it: no W/ prefix, no quotes.
std::string normalize_etag(std::string_view value);

}  // namespace tf::io
