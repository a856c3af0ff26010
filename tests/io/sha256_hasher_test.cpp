#include "io/sha256_hasher.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

using tf::io::sha256;
using tf::io::Sha256Hasher;
using tf::io::to_hex;

namespace {

std::vector<uint8_t> bytes_of(const std::string& text) {
  return {text.begin(), text.end()};
}

}  // namespace

// FIPS 180-2 examples.
TEST(Sha256Hasher, MatchesTheFipsExamples) {
  EXPECT_EQ(to_hex(sha256({})), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(to_hex(sha256(bytes_of("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(sha256(bytes_of("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"))),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256Hasher, IncrementalAndReusableAfterFinish) {
  const std::vector<uint8_t> million_a(1000000, 'a');
  Sha256Hasher hasher;
  for (size_t pos = 0; pos < million_a.size(); pos += 4099) {
    hasher.update(
        std::span(million_a).subspan(pos, std::min<size_t>(4099, million_a.size() - pos)));
  }
  EXPECT_EQ(to_hex(hasher.finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  hasher.update(bytes_of("abc"));
  EXPECT_EQ(to_hex(hasher.finish()),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Sha256Hasher, HexIsLowercaseInByteOrder) {
  const std::vector<uint8_t> bytes{0x00, 0x0f, 0xa0, 0xff};
  EXPECT_EQ(to_hex(bytes), "000fa0ff");
  EXPECT_EQ(to_hex({}), "");
}
