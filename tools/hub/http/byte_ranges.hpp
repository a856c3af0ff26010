// The Range request header (RFC 9110 section 14): which bytes of a representation to send.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace tf::hub::http {

// An inclusive, resolved byte range: first <= last < size.
struct ByteRange {
  uint64_t first = 0;
  uint64_t last = 0;
  uint64_t length() const { return last - first + 1; }
  bool operator==(const ByteRange&) const = default;
};

enum class RangeOutcome {
  full,           // no Range, or one the server ignores (syntax error, other unit): 200
  partial,        // at least one satisfiable range: 206
  unsatisfiable,  // a valid Range of which no range overlaps the representation: 416
};

struct RangeSelection {
  RangeOutcome outcome = RangeOutcome::full;
  std::vector<ByteRange> ranges;  // for partial: the satisfiable ranges, in request order
};

// More ranges than this in one header are ignored (200): a guard against abusive requests.
inline constexpr size_t kMaxRangesPerRequest = 1000;

// Resolves `header` (the Range value, if any) against a representation of `size` bytes.
// Syntactically invalid headers are ignored as RFC 9110 allows, which is what nginx does.
RangeSelection select_ranges(std::optional<std::string_view> header, uint64_t size);

}  // namespace tf::hub::http
