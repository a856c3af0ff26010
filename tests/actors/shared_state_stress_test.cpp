// What the transport thread shares with actors, hammered from real threads (these run under
// TSan too): the range cursor that a tail split shrinks while bytes are being taken, and the
// buffer pool that blocks return to from the writer's thread.
#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "actors/range_cursor.hpp"
#include "io/buffer_pool.hpp"

TEST(RangeCursorStress, ShrinkRacingWithTakeNeverHandsOutAByteTwice) {
  for (int round = 0; round < 200; ++round) {
    tf::actors::RangeCursor cursor(1000, 1000 + 100000);
    std::atomic<uint64_t> taken{0};
    std::thread receiver([&] {
      // The transport thread: takes bytes in odd-sized pieces until the cursor says stop.
      for (int i = 0; i < 100000 && !cursor.finished(); ++i)
        taken += cursor.take(37);
    });
    // The supervisor: tries to give the far part of the item to another connection.
    uint64_t stolen_from = 0;
    for (uint64_t k = 0; k < 11 && stolen_from == 0; ++k) {
      const uint64_t at = 1000 + 90000 - k * 7919;  // 91000 down to 11810
      if (cursor.try_shrink(at)) stolen_from = at;
    }
    receiver.join();
    const uint64_t end = cursor.end();
    EXPECT_EQ(1000 + taken.load(), end) << "round " << round;
    if (stolen_from != 0) {
      EXPECT_EQ(end, stolen_from);
    }
  }
}

TEST(BufferPoolStress, BlocksReleasedOnOtherThreadsComeBackAndWakeTheWaiter) {
  tf::io::BufferPool pool(4096, 8);
  std::atomic<int> wakeups{0};
  pool.set_on_available([&] { ++wakeups; });
  std::vector<std::thread> releasers;
  std::atomic<int> acquired{0};
  for (int t = 0; t < 4; ++t) {
    releasers.emplace_back([&] {
      for (int i = 0; i < 2000; ++i) {
        auto block = pool.try_acquire();
        if (!block) continue;
        ++acquired;
        block->fill(std::vector<uint8_t>(100, 1));
      }
    });
  }
  for (auto& t : releasers)
    t.join();
  EXPECT_EQ(pool.blocks_in_use(), 0u);
  EXPECT_LE(pool.peak_blocks_in_use(), 8u);
  EXPECT_GT(acquired.load(), 0);
}
