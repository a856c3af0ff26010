// libFuzzer target: the parsers of server-sent headers the transfer logic trusts (Content-Range,
// Content-Length, Retry-After, ETag). Any input must give a value that satisfies the parser's
// promises, or nothing.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "io/http_headers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (const auto r = tf::io::parse_content_range(text)) {
    if (r->first.has_value() != r->last.has_value()) std::abort();
    if (r->first && *r->last < *r->first) std::abort();
    if (r->first && r->total && *r->last >= *r->total) std::abort();
    if (!r->first && !r->total) std::abort();
  }
  if (const auto n = tf::io::parse_content_length(text)) {
    if (*n > static_cast<uint64_t>(INT64_MAX)) std::abort();
  }
  const auto cap = std::chrono::seconds(3600);
  if (const auto d = tf::io::parse_retry_after(text, std::chrono::system_clock::now(), cap)) {
    if (*d < std::chrono::seconds(0) || *d > cap) std::abort();
  }
  if (const auto tag = tf::io::parse_entity_tag(text)) {
    if (tag->value.size() < 2 || tag->value.front() != '"' || tag->value.back() != '"')
      std::abort();
  }
  (void)tf::io::normalize_etag(text);
  return 0;
}
