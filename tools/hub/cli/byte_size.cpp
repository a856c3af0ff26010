#include "tools/hub/cli/byte_size.hpp"

#include <cctype>
#include <charconv>
#include <string>

#include "io/error.hpp"

namespace tf::hub::cli {

uint64_t parse_byte_size(std::string_view text) {
  const auto bad = [&] {
    return Error(ErrorKind::invalid_argument,
                 "not a byte size: '" + std::string(text) + "' (examples: 4096, 4K, 10M, 2G)");
  };
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end == text.data()) throw bad();
  std::string unit(end, text.data() + text.size());
  for (char& c : unit)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (unit.ends_with("IB")) {
    unit.resize(unit.size() - 2);
  } else if (unit.size() == 2 && unit.back() == 'B') {
    unit.resize(1);
  }
  int shift = 0;
  if (unit.empty() || unit == "B") {
    shift = 0;
  } else if (unit == "K") {
    shift = 10;
  } else if (unit == "M") {
    shift = 20;
  } else if (unit == "G") {
    shift = 30;
  } else if (unit == "T") {
    shift = 40;
  } else {
    throw bad();
  }
  if (shift > 0 && value > (UINT64_MAX >> shift)) throw bad();
  return value << shift;
}

}  // namespace tf::hub::cli
