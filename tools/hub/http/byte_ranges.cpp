#include "tools/hub/http/byte_ranges.hpp"

#include <strings.h>

#include <algorithm>
#include <charconv>

namespace tf::hub::http {

namespace {

// A range-spec before it is resolved against the size.
struct RangeSpec {
  std::optional<uint64_t> first;  // absent for a suffix range
  std::optional<uint64_t> last;   // absent for an open-ended range; the suffix length otherwise
};

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  return text;
}

std::optional<uint64_t> parse_digits(std::string_view text) {
  if (text.empty()) return std::nullopt;
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<RangeSpec> parse_spec(std::string_view text) {
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto left = text.substr(0, dash);
  const auto right = text.substr(dash + 1);
  RangeSpec spec;
  if (left.empty()) {  // suffix-range: "-N"
    spec.last = parse_digits(right);
    if (!spec.last) return std::nullopt;
    return spec;
  }
  spec.first = parse_digits(left);
  if (!spec.first) return std::nullopt;
  if (!right.empty()) {
    spec.last = parse_digits(right);
    if (!spec.last || *spec.last < *spec.first) return std::nullopt;
  }
  return spec;
}

std::optional<std::vector<RangeSpec>> parse_header(std::string_view header) {
  header = trim(header);
  constexpr std::string_view kUnit = "bytes=";
  if (header.size() < kUnit.size() ||
      ::strncasecmp(header.data(), kUnit.data(), kUnit.size()) != 0) {
    return std::nullopt;
  }
  header.remove_prefix(kUnit.size());
  std::vector<RangeSpec> specs;
  size_t start = 0;
  while (start <= header.size()) {
    const size_t end = std::min(header.find(',', start), header.size());
    const auto item = trim(header.substr(start, end - start));
    start = end + 1;
    if (item.empty()) continue;  // the list syntax allows empty elements
    auto spec = parse_spec(item);
    if (!spec || specs.size() == kMaxRangesPerRequest) return std::nullopt;
    specs.push_back(*spec);
  }
  if (specs.empty()) return std::nullopt;
  return specs;
}

std::optional<ByteRange> resolve(const RangeSpec& spec, uint64_t size) {
  if (!spec.first) {
    const uint64_t suffix = *spec.last;
    if (suffix == 0 || size == 0) return std::nullopt;
    return ByteRange{size - std::min(suffix, size), size - 1};
  }
  if (*spec.first >= size) return std::nullopt;
  const uint64_t last = spec.last ? std::min(*spec.last, size - 1) : size - 1;
  return ByteRange{*spec.first, last};
}

}  // namespace

RangeSelection select_ranges(std::optional<std::string_view> header, uint64_t size) {
  RangeSelection selection;
  if (!header) return selection;
  const auto specs = parse_header(*header);
  if (!specs) return selection;
  for (const auto& spec : *specs) {
    if (const auto range = resolve(spec, size)) selection.ranges.push_back(*range);
  }
  selection.outcome =
      selection.ranges.empty() ? RangeOutcome::unsatisfiable : RangeOutcome::partial;
  return selection;
}

}  // namespace tf::hub::http
