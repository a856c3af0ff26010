#include "engine/hub/printable.hpp"

#include <cstdio>

#include "engine/hub/utf8.hpp"

namespace tf::engine::hub {

namespace {

// Characters that reorder the text around them when a terminal renders it (Trojan Source).
bool is_bidi_control(char32_t c) {
  return c == 0x061C || c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

std::string escape_byte(unsigned char byte) {
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
  return buffer;
}

std::string escape_code_point(char32_t c) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "\\u{%04x}", static_cast<unsigned>(c));
  return buffer;
}

std::string escape_character(char32_t c) {
  switch (c) {
    case '\n':
      return "\\n";
    case '\r':
      return "\\r";
    case '\t':
      return "\\t";
    case '\\':
      return "\\\\";
    default:
      return c < 0x80 ? escape_byte(static_cast<unsigned char>(c)) : escape_code_point(c);
  }
}

}  // namespace

std::string printable(std::string_view text, size_t max_bytes) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    if (out.size() >= max_bytes) {
      out += "…";
      break;
    }
    const size_t start = pos;
    const auto c = decode_utf8(text, pos);
    if (!c) {
      out += escape_byte(static_cast<unsigned char>(text[start]));
    } else if (is_control_character(*c) || is_bidi_control(*c) || *c == '\\') {
      out += escape_character(*c);
    } else {
      out += text.substr(start, pos - start);
    }
  }
  return out;
}

}  // namespace tf::engine::hub
