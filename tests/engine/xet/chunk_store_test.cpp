// The chunk store: entries keyed by xorb hash and chunk range, found for any contained range,
// damaged entries dropped, and the size bound kept by evicting the least recently used.
#include "engine/xet/chunk_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "support/test_support.hpp"

namespace {

namespace fs = std::filesystem;
using tf::xet::ChunkRange;
using tf::xet::ChunkStore;
using tf::xet::MerkleHash;

MerkleHash xorb(uint8_t n) {
  MerkleHash::Bytes bytes{};
  bytes[0] = n;
  return MerkleHash(bytes);
}

// A source file of 1000 bytes, byte i = i % 251.
std::vector<uint8_t> source_bytes() {
  std::vector<uint8_t> bytes(1000);
  for (size_t i = 0; i < bytes.size(); ++i)
    bytes[i] = static_cast<uint8_t>(i % 251);
  return bytes;
}

TEST(ChunkStore, AnEntryServesAnyRangeItContains) {
  tf::test::TempDir dir;
  const auto bytes = source_bytes();
  tf::test::write_file(dir.path() / "src", bytes);
  const auto src = tf::io::FileHandle::open_read_only(dir.path() / "src");
  const ChunkStore store(dir.path() / "store", 1 << 20);
  // Chunks 4..7 of the xorb: lengths 100, 50, 200, 10; their data sits in two pieces of src.
  store.insert(xorb(1), {4, 8}, {100, 50, 200, 10}, src, {{0, 150}, {500, 210}});
  EXPECT_FALSE(store.find(xorb(1), {3, 5}));
  EXPECT_FALSE(store.find(xorb(2), {4, 5}));
  const auto entry = store.find(xorb(1), {5, 7});
  ASSERT_TRUE(entry);
  std::vector<std::pair<uint32_t, std::vector<uint8_t>>> got;
  store.read(*entry, {5, 7}, [&](uint32_t index, std::span<const uint8_t> data) {
    got.emplace_back(index, std::vector<uint8_t>(data.begin(), data.end()));
  });
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].first, 5u);
  EXPECT_EQ(got[0].second, std::vector<uint8_t>(bytes.begin() + 100, bytes.begin() + 150));
  EXPECT_EQ(got[1].first, 6u);
  EXPECT_EQ(got[1].second, std::vector<uint8_t>(bytes.begin() + 500, bytes.begin() + 700));
}

TEST(ChunkStore, ADamagedEntryIsDroppedNotServed) {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "src", source_bytes());
  const auto src = tf::io::FileHandle::open_read_only(dir.path() / "src");
  const ChunkStore store(dir.path() / "store", 1 << 20);
  store.insert(xorb(1), {0, 2}, {100, 100}, src, {{0, 200}});
  const auto entry = store.find(xorb(1), {0, 2});
  ASSERT_TRUE(entry);
  fs::resize_file(entry->path, fs::file_size(entry->path) - 1);  // torn
  EXPECT_FALSE(store.find(xorb(1), {0, 2}));
  EXPECT_FALSE(fs::exists(entry->path));
}

TEST(ChunkStore, EvictsTheLeastRecentlyUsedToStayUnderItsLimit) {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "src", source_bytes());
  const auto src = tf::io::FileHandle::open_read_only(dir.path() / "src");
  // Each entry is 300 data bytes + 8 + 4 + 4*3 header: 324 bytes. Room for two.
  const ChunkStore store(dir.path() / "store", 700);
  store.insert(xorb(1), {0, 3}, {100, 100, 100}, src, {{0, 300}});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));  // distinct use times
  store.insert(xorb(2), {0, 3}, {100, 100, 100}, src, {{300, 300}});
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(store.find(xorb(1), {0, 1}));  // used now: xorb 2 is the oldest
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  store.insert(xorb(3), {0, 3}, {100, 100, 100}, src, {{600, 300}});
  EXPECT_TRUE(store.find(xorb(1), {0, 3}));
  EXPECT_FALSE(store.find(xorb(2), {0, 3}));
  EXPECT_TRUE(store.find(xorb(3), {0, 3}));
  EXPECT_LE(store.size_on_disk(), 700u);
}

TEST(ChunkStore, SizeZeroTurnsItOff) {
  tf::test::TempDir dir;
  tf::test::write_file(dir.path() / "src", source_bytes());
  const auto src = tf::io::FileHandle::open_read_only(dir.path() / "src");
  const ChunkStore store(dir.path() / "store", 0);
  store.insert(xorb(1), {0, 1}, {100}, src, {{0, 100}});
  EXPECT_FALSE(store.find(xorb(1), {0, 1}));
  EXPECT_FALSE(fs::exists(dir.path() / "store"));
}

}  // namespace
