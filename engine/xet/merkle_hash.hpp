// The 32-byte hash Xet uses for chunks, xorbs and files.
//
// Its text form is not plain hex of the bytes: each 8-byte group is read as a little-endian u64
// and printed as 16 lowercase hex digits (xet-core's DataHash::hex). So raw bytes 00 01 .. 1f
// print as "0706050403020100" "0f0e0d0c0b0a0908" ... . This text form appears in X-Xet-Hash,
// xetHash, reconstruction URLs, and the JSON of reconstructions.
#pragma once

#include <array>
#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace tf::xet {

class MerkleHash {
 public:
  static constexpr size_t size = 32;
  using Bytes = std::array<uint8_t, size>;

  // All zeros: the hash of an empty xorb or file.
  constexpr MerkleHash() = default;
  constexpr explicit MerkleHash(const Bytes& bytes) : bytes_(bytes) {}

  // Parses the Xet text form: exactly 64 hex digits (either case). Throws tf::Error(protocol)
  // naming the text otherwise, since hashes come from servers.
  static MerkleHash from_hex(std::string_view text);
  // The same, returning nullopt instead of throwing.
  static std::optional<MerkleHash> parse_hex(std::string_view text);

  // The Xet text form: 64 lowercase hex digits.
  std::string hex() const;

  const Bytes& bytes() const { return bytes_; }
  // The 8-byte group `index` (0..3) as a little-endian u64; hex() prints these in order.
  uint64_t word(size_t index) const;
  bool is_zero() const { return bytes_ == Bytes{}; }

  bool operator==(const MerkleHash&) const = default;
  // Orders as the text forms do (group by group, each as a number), as xet-core does.
  std::strong_ordering operator<=>(const MerkleHash& other) const;

 private:
  Bytes bytes_{};
};

std::ostream& operator<<(std::ostream& out, const MerkleHash& hash);

}  // namespace tf::xet

// Hashes are uniformly distributed already, so one group of bytes is a good table hash.
template <>
struct std::hash<tf::xet::MerkleHash> {
  size_t operator()(const tf::xet::MerkleHash& value) const noexcept {
    return static_cast<size_t>(value.word(0));
  }
};
