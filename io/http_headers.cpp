#include "io/http_headers.hpp"

#include <charconv>
#include <ctime>

namespace tf::io {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Whole string must be decimal digits; values above 2^63-1 are refused.
std::optional<uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 19) return std::nullopt;
  uint64_t value = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || ptr != s.data() + s.size()) return std::nullopt;
  if (value > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return value;
}

}  // namespace

std::optional<std::string_view> find_header(const HeaderMap& headers, std::string_view name) {
  const auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return std::string_view(it->second);
}

std::optional<ContentRange> parse_content_range(std::string_view value) {
  value = trim(value);
  constexpr std::string_view kUnit = "bytes ";
  if (value.substr(0, kUnit.size()) != kUnit) return std::nullopt;
  value.remove_prefix(kUnit.size());
  const auto slash = value.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view range = value.substr(0, slash);
  const std::string_view total = value.substr(slash + 1);

  ContentRange out;
  if (total != "*") {
    out.total = parse_decimal(total);
    if (!out.total) return std::nullopt;
  }
  if (range == "*") {
    if (!out.total) return std::nullopt;  // "bytes */*" says nothing
    return out;
  }
  const auto dash = range.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  out.first = parse_decimal(range.substr(0, dash));
  out.last = parse_decimal(range.substr(dash + 1));
  if (!out.first || !out.last || *out.last < *out.first) return std::nullopt;
  if (out.total && *out.last >= *out.total) return std::nullopt;
  return out;
}

std::optional<uint64_t> parse_content_length(std::string_view value) {
  return parse_decimal(trim(value));
}

std::optional<std::chrono::seconds> parse_retry_after(std::string_view value,
                                                      std::chrono::system_clock::time_point now,
                                                      std::chrono::seconds cap) {
  value = trim(value);
  if (const auto seconds = parse_decimal(value)) {
    return std::chrono::seconds(std::min<uint64_t>(*seconds, static_cast<uint64_t>(cap.count())));
  }
  // IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".
  std::tm tm{};
  const std::string text(value);
  const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
  if (end == nullptr || *end != '\0') return std::nullopt;
  // In whole seconds of time_t: a date far in the future (year 9999) would overflow the
  // clock's nanoseconds.
  const time_t at = timegm(&tm);
  const time_t now_seconds = std::chrono::system_clock::to_time_t(now);
  if (at == static_cast<time_t>(-1)) return std::nullopt;
  if (at <= now_seconds) return std::chrono::seconds(0);
  const auto wait = static_cast<uint64_t>(at - now_seconds);
  return std::chrono::seconds(std::min<uint64_t>(wait, static_cast<uint64_t>(cap.count())));
}

std::optional<EntityTag> parse_entity_tag(std::string_view value) {
  value = trim(value);
  EntityTag tag;
  if (value.substr(0, 2) == "W/") {
    tag.weak = true;
    value.remove_prefix(2);
  }
  if (value.size() < 2 || value.front() != '"' || value.back() != '"') return std::nullopt;
  if (value.substr(1, value.size() - 2).find('"') != std::string_view::npos) return std::nullopt;
  tag.value = std::string(value);
  return tag;
}

std::string normalize_etag(std::string_view value) {
  value = trim(value);
  if (value.substr(0, 2) == "W/") value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

}  // namespace tf::io
