#include "tools/hub/http/relative_path.hpp"

#include <algorithm>

#include "tools/hub/http/percent_encoding.hpp"

namespace tf::hub::http {

namespace {

constexpr size_t kMaxPathBytes = 4096;

}  // namespace

bool is_plain_relative_path(std::string_view path) {
  if (path.empty() || path.size() > kMaxPathBytes) return false;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (const char c : segment) {
      if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    }
    start = end + 1;
  }
  return true;
}

std::optional<std::string> decode_relative_path(std::string_view raw) {
  auto decoded = percent_decode(raw);
  if (!decoded || !is_plain_relative_path(*decoded)) return std::nullopt;
  return decoded;
}

}  // namespace tf::hub::http
