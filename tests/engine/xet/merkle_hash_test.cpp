#include "engine/xet/merkle_hash.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <unordered_set>
#include <vector>

#include "io/error.hpp"
#include "support/test_support.hpp"

using tf::xet::MerkleHash;

namespace {

MerkleHash hash_of_bytes(const std::vector<uint8_t>& bytes) {
  MerkleHash::Bytes raw{};
  std::copy(bytes.begin(), bytes.end(), raw.begin());
  return MerkleHash(raw);
}

}  // namespace

TEST(MerkleHash, HexReadsEachGroupAsLittleEndian) {  // spec 4.1
  std::vector<uint8_t> raw(32);
  std::iota(raw.begin(), raw.end(), 0);
  const MerkleHash hash = hash_of_bytes(raw);
  EXPECT_EQ(hash.hex(),
            "0706050403020100"
            "0f0e0d0c0b0a0908"
            "1716151413121110"
            "1f1e1d1c1b1a1918");
  EXPECT_EQ(hash.word(0), 0x0706050403020100u);
  EXPECT_EQ(hash.word(3), 0x1f1e1d1c1b1a1918u);
}

TEST(MerkleHash, MatchesXetCoreEndiannessVector) {  // data_hash.rs test_hash_hex_string_endianness
  const MerkleHash hash =
      hash_of_bytes({22,  175, 58, 132, 4,   75,  131, 214, 190, 153, 138, 66,  226, 3,   153, 242,
                     204, 86,  80, 234, 249, 153, 80,  99,  159, 80,  65,  138, 236, 231, 149, 78});
  EXPECT_EQ(hash.hex(), "d6834b04843aaf16f29903e2428a99be635099f9ea5056cc4e95e7ec8a41509f");
  EXPECT_EQ(MerkleHash::from_hex(hash.hex()), hash);
}

TEST(MerkleHash, ParsesBothCasesAndRoundTrips) {
  for (uint64_t seed = 0; seed < 50; ++seed) {
    const MerkleHash hash = hash_of_bytes(tf::test::random_bytes(32, seed));
    EXPECT_EQ(MerkleHash::from_hex(hash.hex()), hash);
    std::string upper = hash.hex();
    std::transform(upper.begin(), upper.end(), upper.begin(), ::toupper);
    EXPECT_EQ(MerkleHash::from_hex(upper), hash);
  }
}

TEST(MerkleHash, RejectsAnythingButExactly64HexDigits) {
  const std::string good(64, 'a');
  for (const std::string& bad :
       {std::string(), std::string(63, 'a'), std::string(65, 'a'), good.substr(0, 63) + "g",
        "+" + good.substr(1), " " + good.substr(1), good.substr(0, 63) + "\n",
        std::string(64, '\0'), "0x" + good.substr(2)}) {
    EXPECT_FALSE(MerkleHash::parse_hex(bad).has_value()) << bad;
    try {
      MerkleHash::from_hex(bad);
      FAIL() << "accepted " << bad;
    } catch (const tf::Error& e) {
      EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
      EXPECT_NE(std::string(e.what()).find("not a Xet hash"), std::string::npos);
    }
  }
  EXPECT_TRUE(MerkleHash::parse_hex(good).has_value());
}

TEST(MerkleHash, DefaultIsZeroAndOrdersLikeItsText) {
  EXPECT_TRUE(MerkleHash().is_zero());
  EXPECT_EQ(MerkleHash().hex(), std::string(64, '0'));
  std::vector<MerkleHash> hashes;
  for (uint64_t seed = 0; seed < 100; ++seed) {
    hashes.push_back(hash_of_bytes(tf::test::random_bytes(32, seed + 100)));
    EXPECT_FALSE(hashes.back().is_zero());
  }
  std::sort(hashes.begin(), hashes.end());
  for (size_t i = 1; i < hashes.size(); ++i) {
    EXPECT_LT(hashes[i - 1].hex(), hashes[i].hex());
    EXPECT_NE(hashes[i - 1], hashes[i]);
  }
  const std::unordered_set<MerkleHash> set(hashes.begin(), hashes.end());
  EXPECT_EQ(set.size(), hashes.size());
  EXPECT_TRUE(set.contains(hashes[42]));
}
