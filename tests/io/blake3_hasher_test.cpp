#include "io/blake3_hasher.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "io/message_digest.hpp"
#include "support/test_support.hpp"

using tf::io::blake3;
using tf::io::blake3_keyed;
using tf::io::Blake3Hasher;
using tf::io::Blake3Key;
using tf::io::to_hex;

namespace {

// The input of the official BLAKE3 test vectors: 0, 1, ..., 250, 0, 1, ...
std::vector<uint8_t> official_input(size_t length) {
  std::vector<uint8_t> input(length);
  for (size_t i = 0; i < length; ++i)
    input[i] = static_cast<uint8_t>(i % 251);
  return input;
}

Blake3Key official_key() {
  const std::string text = "whats the Elvish word for friend";
  Blake3Key key{};
  std::copy(text.begin(), text.end(), key.begin());
  return key;
}

struct OfficialVector {
  size_t input_len;
  const char* hash;
  const char* keyed_hash;
};

// First 32 bytes of the cases in BLAKE3's test_vectors/test_vectors.json. The lengths straddle
// BLAKE3's 1024-byte chunk boundaries, where a wrapper bug would show.
const OfficialVector official_vectors[] = {
    {0, "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
     "92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26"},
    {1, "2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213",
     "6d7878dfff2f485635d39013278ae14f1454b8c0a3a2d34bc1ab38228a80c95b"},
    {1023, "10108970eeda3eb932baac1428c7a2163b0e924c9a9e25b35bba72b28f70bd11",
     "c951ecdf03288d0fcc96ee3413563d8a6d3589547f2c2fb36d9786470f1b9d6e"},
    {1024, "42214739f095a406f3fc83deb889744ac00df831c10daa55189b5d121c855af7",
     "75c46f6f3d9eb4f55ecaaee480db732e6c2105546f1e675003687c31719c7ba4"},
    {1025, "d00278ae47eb27b34faecf67b4fe263f82d5412916c1ffd97c8cb7fb814b8444",
     "357dc55de0c7e382c900fd6e320acc04146be01db6a8ce7210b7189bd664ea69"},
    {2048, "e776b6028c7cd22a4d0ba182a8bf62205d2ef576467e838ed6f2529b85fba24a",
     "879cf1fa2ea0e79126cb1063617a05b6ad9d0b696d0d757cf053439f60a99dd1"},
    {3073, "7124b49501012f81cc7f11ca069ec9226cecb8a2c850cfe644e327d22d3e1cd3",
     "68dede9bef00ba89e43f31a6825f4cf433389fedae75c04ee9f0cf16a427c95a"},
};

}  // namespace

TEST(Blake3Hasher, MatchesTheOfficialVectorsOneShot) {
  for (const auto& vector : official_vectors) {
    const auto input = official_input(vector.input_len);
    EXPECT_EQ(to_hex(blake3(input)), vector.hash) << "length " << vector.input_len;
    EXPECT_EQ(to_hex(blake3_keyed(official_key(), input)), vector.keyed_hash)
        << "length " << vector.input_len;
  }
}

TEST(Blake3Hasher, IncrementalEqualsOneShotForAnySplit) {
  const auto input = tf::test::random_bytes(70000, 7);
  const auto expected = blake3_keyed(official_key(), input);
  for (size_t step : {1u, 63u, 64u, 1000u, 1024u, 4097u}) {
    Blake3Hasher hasher(official_key());
    for (size_t pos = 0; pos < input.size(); pos += step) {
      hasher.update(std::span(input).subspan(pos, std::min(step, input.size() - pos)));
    }
    EXPECT_EQ(hasher.digest(), expected) << "step " << step;
  }
}

TEST(Blake3Hasher, DigestDoesNotEndTheStreamAndResetKeepsTheKey) {
  const auto input = official_input(3073);
  Blake3Hasher hasher(official_key());
  hasher.update(std::span(input).first(1000));
  EXPECT_EQ(hasher.digest(), blake3_keyed(official_key(), std::span(input).first(1000)));
  hasher.update(std::span(input).subspan(1000));
  EXPECT_EQ(to_hex(hasher.digest()), official_vectors[6].keyed_hash);
  hasher.reset();
  EXPECT_EQ(to_hex(hasher.digest()), official_vectors[0].keyed_hash);
}

TEST(Blake3Hasher, CopyForksTheState) {
  const auto input = official_input(2048);
  Blake3Hasher prefix;
  prefix.update(std::span(input).first(1024));
  Blake3Hasher fork = prefix;
  fork.update(std::span(input).subspan(1024));
  EXPECT_EQ(to_hex(fork.digest()), official_vectors[5].hash);
  EXPECT_EQ(to_hex(prefix.digest()), official_vectors[3].hash);
}
