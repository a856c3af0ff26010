#include "tools/hub/http/http_date.hpp"

#include <time.h>

#include <array>
#include <string>

namespace tf::hub::http {

std::string format_http_date(std::time_t time) {
  struct tm parts {};
  gmtime_r(&time, &parts);
  std::array<char, 64> out{};
  // strftime's %a and %b follow the C locale, which is what HTTP wants.
  const size_t n = std::strftime(out.data(), out.size(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  return std::string(out.data(), n);
}

std::optional<std::time_t> parse_http_date(std::string_view text) {
  if (text.size() != 29 || !text.ends_with(" GMT")) return std::nullopt;
  const std::string copy(text);
  struct tm parts {};
  const char* end = ::strptime(copy.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &parts);
  if (end == nullptr || *end != '\0') return std::nullopt;
  return timegm(&parts);
}

}  // namespace tf::hub::http
