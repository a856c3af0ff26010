#include "engine/hub/hex_id.hpp"

namespace tf::engine::hub {

namespace {

bool is_hex_digit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char to_lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace

std::optional<std::string> lowercase_hex_id(std::string_view text, size_t length) {
  if (text.size() != length) return std::nullopt;
  std::string out;
  out.reserve(length);
  for (const char c : text) {
    if (!is_hex_digit(c)) return std::nullopt;
    out.push_back(to_lower_ascii(c));
  }
  return out;
}

bool is_commit_hash(std::string_view text) {
  if (text.size() != kCommitHexLength) return false;
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace tf::engine::hub
