#include "engine/hub/utf8.hpp"

namespace tf::engine::hub {

namespace {

bool is_continuation(unsigned char byte) {
  return (byte & 0xC0) == 0x80;
}

// The length of the sequence a lead byte starts, and the smallest value it may encode (so
// overlong forms can be refused); 0 for a byte that cannot start a sequence.
struct LeadByte {
  size_t length;
  char32_t minimum;
  char32_t bits;
};

LeadByte classify_lead(unsigned char byte) {
  if (byte < 0x80) return {1, 0, byte};
  if ((byte & 0xE0) == 0xC0) return {2, 0x80, static_cast<char32_t>(byte & 0x1F)};
  if ((byte & 0xF0) == 0xE0) return {3, 0x800, static_cast<char32_t>(byte & 0x0F)};
  if ((byte & 0xF8) == 0xF0) return {4, 0x10000, static_cast<char32_t>(byte & 0x07)};
  return {0, 0, 0};
}

}  // namespace

std::optional<char32_t> decode_utf8(std::string_view text, size_t& pos) {
  const auto lead = classify_lead(static_cast<unsigned char>(text[pos]));
  if (lead.length == 0 || pos + lead.length > text.size()) {
    ++pos;
    return std::nullopt;
  }
  char32_t value = lead.bits;
  for (size_t i = 1; i < lead.length; ++i) {
    const auto byte = static_cast<unsigned char>(text[pos + i]);
    if (!is_continuation(byte)) {
      ++pos;
      return std::nullopt;
    }
    value = (value << 6) | (byte & 0x3F);
  }
  const bool surrogate = value >= 0xD800 && value <= 0xDFFF;
  if (value < lead.minimum || value > 0x10FFFF || surrogate) {
    ++pos;
    return std::nullopt;
  }
  pos += lead.length;
  return value;
}

bool is_valid_utf8(std::string_view text) {
  size_t pos = 0;
  while (pos < text.size()) {
    if (!decode_utf8(text, pos)) return false;
  }
  return true;
}

bool is_control_character(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

std::u32string to_code_points(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t start = pos;
    if (const auto c = decode_utf8(text, pos)) {
      out.push_back(*c);
    } else {
      out.push_back(0xDC00 + static_cast<unsigned char>(text[start]));
    }
  }
  return out;
}

}  // namespace tf::engine::hub
