#include "engine/byte_size.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "io/error.hpp"

namespace tf::engine {

namespace {

Error bad_size(std::string_view text) {
  return Error(ErrorKind::invalid_argument,
               "not a byte size: '" + std::string(text) + "' (examples: 4096, 512K, 8M, 1.5G)");
}

// Multiplier for a unit suffix, or 0 when the suffix is not a unit.
uint64_t unit_multiplier(std::string_view unit) {
  std::string lower;
  for (char c : unit)
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty() || lower == "b") return 1;
  static constexpr std::array<std::string_view, 4> prefixes{"k", "m", "g", "t"};
  for (size_t i = 0; i < prefixes.size(); ++i) {
    const std::string_view p = prefixes[i];
    if (lower == p || lower == std::string(p) + "b" || lower == std::string(p) + "ib") {
      return uint64_t{1} << (10 * (i + 1));
    }
  }
  return 0;
}

}  // namespace

uint64_t parse_byte_size(std::string_view text) {
  size_t digits_end = 0;
  while (digits_end < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits_end])) || text[digits_end] == '.')) {
    ++digits_end;
  }
  if (digits_end == 0) throw bad_size(text);
  double value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + digits_end, value);
  if (ec != std::errc() || ptr != text.data() + digits_end) throw bad_size(text);
  const uint64_t multiplier = unit_multiplier(text.substr(digits_end));
  if (multiplier == 0) throw bad_size(text);
  const double bytes = value * static_cast<double>(multiplier);
  if (!std::isfinite(bytes) || bytes >= 1.8e19 || bytes != std::floor(bytes)) throw bad_size(text);
  return static_cast<uint64_t>(bytes);
}

std::string format_bytes(double bytes) {
  static constexpr std::array<const char*, 5> units{"B", "KiB", "MiB", "GiB", "TiB"};
  size_t unit = 0;
  while (bytes >= 1024.0 && unit + 1 < units.size()) {
    bytes /= 1024.0;
    ++unit;
  }
  std::array<char, 32> out{};
  if (unit == 0) {
    std::snprintf(out.data(), out.size(), "%.0f %s", bytes, units[unit]);
  } else {
    std::snprintf(out.data(), out.size(), "%.2f %s", bytes, units[unit]);
  }
  return out.data();
}

}  // namespace tf::engine
