#include "engine/xet/merkle_hash.hpp"

#include <ostream>

#include "io/error.hpp"

namespace tf::xet {

namespace {

int hex_digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<MerkleHash> MerkleHash::parse_hex(std::string_view text) {
  if (text.size() != 2 * size) return std::nullopt;
  Bytes bytes{};
  for (size_t word = 0; word < 4; ++word) {
    uint64_t value = 0;
    for (size_t i = 0; i < 16; ++i) {
      const int digit = hex_digit_value(text[16 * word + i]);
      if (digit < 0) return std::nullopt;
      value = (value << 4) | static_cast<uint64_t>(digit);
    }
    for (size_t i = 0; i < 8; ++i)
      bytes[8 * word + i] = static_cast<uint8_t>(value >> (8 * i));
  }
  return MerkleHash(bytes);
}

MerkleHash MerkleHash::from_hex(std::string_view text) {
  if (auto hash = parse_hex(text)) return *hash;
  constexpr size_t shown = 80;
  const std::string excerpt(text.substr(0, shown));
  throw Error(ErrorKind::protocol, "not a Xet hash (64 hex digits): '" + excerpt +
                                       (text.size() > shown ? "…" : "") + "' (" +
                                       std::to_string(text.size()) + " characters)");
}

std::string MerkleHash::hex() const {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out(2 * size, '0');
  for (size_t group = 0; group < 4; ++group) {
    const uint64_t value = word(group);
    for (size_t i = 0; i < 16; ++i)
      out[16 * group + i] = digits[(value >> (60 - 4 * i)) & 0xf];
  }
  return out;
}

uint64_t MerkleHash::word(size_t index) const {
  uint64_t value = 0;
  for (size_t i = 0; i < 8; ++i)
    value |= uint64_t{bytes_[8 * index + i]} << (8 * i);
  return value;
}

std::strong_ordering MerkleHash::operator<=>(const MerkleHash& other) const {
  for (size_t group = 0; group < 4; ++group) {
    if (const auto order = word(group) <=> other.word(group); order != 0) return order;
  }
  return std::strong_ordering::equal;
}

std::ostream& operator<<(std::ostream& out, const MerkleHash& hash) {
  return out << hash.hex();
}

}  // namespace tf::xet
