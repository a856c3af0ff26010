// Every vector of tests/data/xet_test_vectors.json (computed with xet-core's WebAssembly build):
// CDC chunk lengths, chunk hashes, xorb hash and file hash. The inputs are regenerated here from
// the vectors' descriptions.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "engine/xet/chunker.hpp"
#include "engine/xet/stream_file_hasher.hpp"
#include "engine/xet/xet_hashes.hpp"

using tf::xet::MerkleHash;
using tf::xet::MerkleNode;

namespace {

std::vector<uint8_t> xorshift32_bytes(size_t size, uint32_t seed) {
  std::vector<uint8_t> out(size);
  uint32_t x = seed;
  for (size_t i = 0; i < size; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    out[i] = static_cast<uint8_t>(x & 255);
  }
  return out;
}

std::vector<uint8_t> repeated(const std::string& text, size_t times) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i < times; ++i)
    out.insert(out.end(), text.begin(), text.end());
  return out;
}

std::vector<uint8_t> low_byte_of_index(size_t size) {
  std::vector<uint8_t> out(size);
  for (size_t i = 0; i < size; ++i)
    out[i] = static_cast<uint8_t>(i & 0xff);
  return out;
}

// Inputs by the vector's name in the JSON file.
const std::map<std::string, std::function<std::vector<uint8_t>()>>& inputs() {
  static const std::map<std::string, std::function<std::vector<uint8_t>()>> by_name = {
      {"xorshift32(seed=12345) 1000000 bytes (per byte: x^=x<<13; x^=x>>>17; x^=x<<5 on uint32, "
       "emit x&255)",
       [] { return xorshift32_bytes(1000000, 12345); }},
      {"zeros(400000)", [] { return std::vector<uint8_t>(400000, 0); }},
      {"'hello xet '*50000", [] { return repeated("hello xet ", 50000); }},
      {"bytes i&0xff, len 300000", [] { return low_byte_of_index(300000); }},
      {"empty", [] { return std::vector<uint8_t>(); }},
      {"'abc'", [] { return repeated("abc", 1); }},
  };
  return by_name;
}

nlohmann::json load_vectors() {
  std::ifstream in(std::string(TF_TEST_DATA_DIR) + "/xet_test_vectors.json");
  EXPECT_TRUE(in.good());
  return nlohmann::json::parse(in);
}

struct ExpectedChunk {
  std::string hash;
  size_t length;
};

std::vector<ExpectedChunk> expected_chunks(const nlohmann::json& vector) {
  std::vector<ExpectedChunk> chunks;
  for (const auto& line : vector.at("chunks")) {
    const std::string text = line.get<std::string>();
    const size_t space = text.find(' ');
    chunks.push_back({text.substr(0, space), std::stoul(text.substr(space + 1))});
  }
  return chunks;
}

std::string hex_or_zeros(const nlohmann::json& value) {
  return value.is_null() ? std::string(64, '0') : value.get<std::string>();
}

}  // namespace

TEST(XetTestVectors, EveryVectorHasAKnownInput) {
  const auto vectors = load_vectors();
  EXPECT_EQ(vectors.size(), inputs().size());
  for (const auto& [name, vector] : vectors.items()) {
    EXPECT_TRUE(inputs().contains(name)) << "no input generator for vector " << name;
  }
}

TEST(XetTestVectors, ChunksAndHashesMatch) {
  const auto vectors = load_vectors();
  for (const auto& [name, vector] : vectors.items()) {
    SCOPED_TRACE(name);
    const auto data = inputs().at(name)();
    const auto expected = expected_chunks(vector);
    const auto lengths = tf::xet::chunk_lengths(data);
    ASSERT_EQ(lengths.size(), expected.size());
    std::vector<MerkleNode> nodes;
    size_t offset = 0;
    for (size_t i = 0; i < lengths.size(); ++i) {
      EXPECT_EQ(lengths[i], expected[i].length) << "chunk " << i;
      const MerkleHash hash = tf::xet::chunk_hash(std::span(data).subspan(offset, lengths[i]));
      EXPECT_EQ(hash.hex(), expected[i].hash) << "chunk " << i;
      nodes.push_back({hash, lengths[i]});
      offset += lengths[i];
    }
    EXPECT_EQ(tf::xet::xorb_hash(nodes).hex(), hex_or_zeros(vector.at("xorb_hash")));
    EXPECT_EQ(tf::xet::file_hash(nodes).hex(), hex_or_zeros(vector.at("file_hash")));
  }
}

TEST(XetTestVectors, StreamingChunkerAndFileHasherMatch) {
  std::mt19937 random(1);
  const auto vectors = load_vectors();
  for (const auto& [name, vector] : vectors.items()) {
    SCOPED_TRACE(name);
    const auto data = inputs().at(name)();
    tf::xet::Chunker chunker;
    tf::xet::FileHasher hasher;
    std::vector<uint8_t> current;
    std::span<const uint8_t> rest(data);
    while (!rest.empty()) {
      const size_t slice = std::min<size_t>(rest.size(), 1 + random() % 50000);
      std::span<const uint8_t> piece = rest.first(slice);
      rest = rest.subspan(slice);
      while (!piece.empty()) {
        const auto scan = chunker.scan(piece);
        current.insert(current.end(), piece.begin(), piece.begin() + scan.consumed);
        piece = piece.subspan(scan.consumed);
        if (scan.cut()) {
          hasher.add_chunk(tf::xet::chunk_hash(current), current.size());
          current.clear();
        }
      }
    }
    if (chunker.finish()) hasher.add_chunk(tf::xet::chunk_hash(current), current.size());
    EXPECT_EQ(hasher.chunk_count(), expected_chunks(vector).size());
    EXPECT_EQ(hasher.file_hash().hex(), hex_or_zeros(vector.at("file_hash")));
  }
}

// The downloader's check: the file's bytes, fed in pieces of any size (here 1 byte to 300 KiB,
// across chunk boundaries and whole chunks inside one piece), give the vector's file hash.
TEST(XetTestVectors, StreamFileHasherGivesTheFileHashWhateverThePieces) {
  std::mt19937 random(7);
  const auto vectors = load_vectors();
  for (const auto& [name, vector] : vectors.items()) {
    SCOPED_TRACE(name);
    const auto data = inputs().at(name)();
    for (const size_t max_piece : {size_t{1} << 0, size_t{4096}, size_t{300} << 10}) {
      tf::xet::StreamFileHasher hasher;
      std::span<const uint8_t> rest(data);
      // Bounded: every piece takes at least one byte.
      while (!rest.empty()) {
        const size_t piece = std::min<size_t>(rest.size(), 1 + random() % max_piece);
        hasher.update(rest.first(piece));
        rest = rest.subspan(piece);
        if (max_piece == 1 && data.size() > 70000 && rest.size() + 70000 < data.size()) {
          hasher.update(rest);  // one byte at a time for the first 70 KB only: keeps it quick
          rest = {};
        }
      }
      EXPECT_EQ(hasher.finish().hex(), hex_or_zeros(vector.at("file_hash"))) << max_piece;
    }
  }
}

TEST(XetTestVectors, StreamFileHasherSeesAFlippedByte) {
  auto data = inputs().at("'hello xet '*50000")();
  tf::xet::StreamFileHasher good;
  good.update(data);
  data[123456] ^= 1;
  tf::xet::StreamFileHasher bad;
  bad.update(data);
  EXPECT_NE(good.finish(), bad.finish());
}
