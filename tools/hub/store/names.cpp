#include "tools/hub/store/names.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "tools/hub/sys/digest.hpp"

namespace tf::hub::store {

namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
}

bool is_valid_id_segment(std::string_view segment) {
  if (segment.empty() || segment.size() > 96) return false;
  if (segment.front() == '.' || segment.front() == '-') return false;
  for (const char c : segment) {
    if (!is_name_char(c)) return false;
  }
  return true;
}

}  // namespace

bool is_valid_repo_id(std::string_view id) {
  const auto slash = id.find('/');
  if (slash == std::string_view::npos) return false;
  const auto org = id.substr(0, slash);
  static constexpr std::array<std::string_view, 6> kReserved{"api",   "datasets", "spaces",
                                                             "files", "cdn",      "_admin"};
  for (const auto word : kReserved) {
    if (org == word) return false;
  }
  return is_valid_id_segment(org) && is_valid_id_segment(id.substr(slash + 1));
}

bool is_valid_repo_file_path(std::string_view path) {
  if (path.empty() || path.size() > 4096) return false;
  size_t start = 0;
  while (start <= path.size()) {
    const auto end = std::min(path.find('/', start), path.size());
    const auto segment = path.substr(start, end - start);
    if (segment.empty() || segment == "." || segment == "..") return false;
    for (const char c : segment) {
      if (c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7F) return false;
    }
    start = end + 1;
  }
  return true;
}

bool is_valid_ref_name(std::string_view name) {
  if (name.empty() || name.size() > 255 || name == "HEAD" || sys::is_lower_hex(name, 40))
    return false;
  if (name.find("..") != std::string_view::npos || name.ends_with(".lock")) return false;
  if (name.front() == '-' || name.front() == '/' || name.back() == '/') return false;
  if (name.find("//") != std::string_view::npos) return false;
  for (const char c : name) {
    if (!is_name_char(c) && c != '/') return false;
  }
  return true;
}

}  // namespace tf::hub::store
