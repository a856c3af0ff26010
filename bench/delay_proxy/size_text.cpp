#include "bench/delay_proxy/size_text.hpp"

#include <charconv>
#include <stdexcept>
#include <string>

namespace tf::bench {

uint64_t parse_size(std::string_view text) {
  uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  const std::string_view unit(end, static_cast<size_t>(text.data() + text.size() - end));
  unsigned shift = 0;
  if (unit == "K" || unit == "k") {
    shift = 10;
  } else if (unit == "M" || unit == "m") {
    shift = 20;
  } else if (unit == "G" || unit == "g") {
    shift = 30;
  } else if (!unit.empty()) {
    throw std::invalid_argument("not a size: '" + std::string(text) + "'");
  }
  if (error != std::errc() || end == text.data() || value > (UINT64_MAX >> shift)) {
    throw std::invalid_argument("not a size: '" + std::string(text) + "'");
  }
  return value << shift;
}

}  // namespace tf::bench
