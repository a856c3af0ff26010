// The connection budget: never more slots than allowed, and its peak is the true maximum held
// at once, even when many threads acquire and release concurrently.
#include "actors/connection_budget.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace {

TEST(ConnectionBudget, PeakIsTheMostSlotsHeldAtOnce) {
  tf::actors::ConnectionBudget budget(3);
  ASSERT_TRUE(budget.try_acquire());
  ASSERT_TRUE(budget.try_acquire());
  budget.release();
  ASSERT_TRUE(budget.try_acquire());
  EXPECT_EQ(budget.peak(), 2u);
  ASSERT_TRUE(budget.try_acquire());
  EXPECT_FALSE(budget.try_acquire());
  EXPECT_EQ(budget.peak(), 3u);
  EXPECT_EQ(budget.available(), 0u);
  budget.release();
  budget.release();
  budget.reset_peak();  // a new batch starts from what is held now
  EXPECT_EQ(budget.peak(), 1u);
}

TEST(ConnectionBudget, ConcurrentWorkersNeverExceedTheTotal) {
  constexpr size_t kTotal = 4;
  tf::actors::ConnectionBudget budget(kTotal);
  std::atomic<size_t> held{0};
  std::atomic<size_t> most_held{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20000; ++i) {
        if (!budget.try_acquire()) continue;
        const size_t now = held.fetch_add(1) + 1;
        size_t seen = most_held.load();
        while (seen < now && !most_held.compare_exchange_weak(seen, now)) {
        }
        held.fetch_sub(1);
        budget.release();
      }
    });
  }
  for (auto& t : threads)
    t.join();
  EXPECT_LE(most_held.load(), kTotal);
  EXPECT_LE(budget.peak(), kTotal);
  EXPECT_GE(budget.peak(), most_held.load());
  EXPECT_EQ(budget.available(), kTotal);
}

}  // namespace
