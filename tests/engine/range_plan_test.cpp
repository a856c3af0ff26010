#include "engine/range_plan.hpp"

#include <random>

#include <gtest/gtest.h>

#include "io/error.hpp"

using namespace tf::engine;

TEST(RangePlan, AssignsLowestBytesFirstRoundedToChunks) {
  RangePlan plan(100, 10);
  EXPECT_EQ(plan.chunk_count(), 10u);
  const auto a = plan.assign(15);  // rounds up to 20
  ASSERT_TRUE(a);
  EXPECT_EQ(a->range, (ByteRange{0, 20}));
  const auto b = plan.assign(1);
  EXPECT_EQ(b->range, (ByteRange{20, 30}));
  EXPECT_EQ(plan.bytes_unassigned(), 70u);
  EXPECT_EQ(plan.items_in_flight(), 2u);
}

TEST(RangePlan, LastChunkIsShortAndDoneChunksAreSkipped) {
  RangePlan plan(25, 10);
  EXPECT_EQ(plan.chunk_range(2), (ByteRange{20, 25}));
  plan.mark_chunk_done(0);
  plan.mark_chunk_done(2);
  EXPECT_EQ(plan.bytes_written(), 15u);
  const auto a = plan.assign(1000);
  EXPECT_EQ(a->range, (ByteRange{10, 20}));
  EXPECT_FALSE(plan.assign(1000));
  EXPECT_EQ(plan.record_written(10, 10), std::vector<size_t>{1});
  EXPECT_TRUE(plan.complete());
}

TEST(RangePlan, EmptyFileIsCompleteAtOnce) {
  RangePlan plan(0, 10);
  EXPECT_TRUE(plan.complete());
  EXPECT_FALSE(plan.assign(10));
}

TEST(RangePlan, SplitsTheItemWithTheMostBytesLeftAtItsMiddle) {
  RangePlan plan(100, 10);
  const auto a = plan.assign(60);
  const auto b = plan.assign(40);
  plan.note_progress(a->id, 50);  // 10 left
  plan.note_progress(b->id, 70);  // 30 left
  const auto p = plan.propose_split(5);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->victim, b->id);
  EXPECT_EQ(p->at, 85u);
  const auto c = plan.split(*p);
  EXPECT_EQ(c.range, (ByteRange{85, 100}));
  EXPECT_EQ(*plan.item_range(b->id), (ByteRange{60, 85}));
  EXPECT_FALSE(plan.propose_split(20));  // nothing has 40 bytes left
}

TEST(RangePlan, ReleasedBytesReturnAndMerge) {
  RangePlan plan(100, 10);
  const auto a = plan.assign(30);
  const auto b = plan.assign(30);
  plan.release(b->id, 45);  // 45..60 back
  plan.release(a->id, 10);  // 10..30 back
  EXPECT_EQ(plan.bytes_unassigned(), 40u + 15u + 20u);
  EXPECT_EQ(plan.assign(5)->range, (ByteRange{10, 20}));
}

TEST(RangePlan, WritingAByteTwiceIsABug) {
  RangePlan plan(20, 10);
  plan.record_written(0, 10);
  EXPECT_THROW(plan.record_written(5, 1), tf::Error);
  EXPECT_THROW(plan.record_written(15, 10), tf::Error);
}

// A random schedule of assigns, partial progress, splits and releases must still write every
// byte exactly once and end complete.
TEST(RangePlan, RandomScheduleCoversEveryByteExactlyOnce) {
  for (uint32_t seed = 1; seed <= 30; ++seed) {
    std::mt19937_64 rng(seed);
    const uint64_t size = 1 + rng() % 5000;
    const uint64_t chunk = 1 + rng() % 300;
    RangePlan plan(size, chunk);
    std::vector<int> coverage(size, 0);
    struct Live {
      WorkItemId id;
      uint64_t pos;
    };
    std::vector<Live> live;
    for (int step = 0; step < 100000 && !plan.complete(); ++step) {
      const int action = static_cast<int>(rng() % 4);
      if (action == 0 || live.empty()) {
        if (auto item = plan.assign(1 + rng() % 700)) live.push_back({item->id, item->range.begin});
        continue;
      }
      Live& l = live[rng() % live.size()];
      const ByteRange r = *plan.item_range(l.id);
      if (action == 1 && l.pos < r.end) {  // receive and write some bytes
        const uint64_t n = std::min<uint64_t>(r.end - l.pos, 1 + rng() % 200);
        plan.record_written(l.pos, n);
        for (uint64_t i = l.pos; i < l.pos + n; ++i)
          ++coverage[i];
        l.pos += n;
        plan.note_progress(l.id, l.pos);
      } else if (action == 2) {  // an idle connection steals half of the biggest remainder
        if (auto p = plan.propose_split(1)) {
          auto item = plan.split(*p);
          live.push_back({item.id, item.range.begin});
        }
      } else {  // the connection ends (done or failed)
        plan.release(l.id, l.pos);
        l = live.back();
        live.pop_back();
      }
    }
    ASSERT_TRUE(plan.complete()) << "seed " << seed;
    for (uint64_t i = 0; i < size; ++i)
      ASSERT_EQ(coverage[i], 1) << "byte " << i;
  }
}

TEST(RangePlan, HeldChunksAreNotAssignedUntilReturned) {
  RangePlan plan(30, 10);
  plan.hold_chunk(0);
  plan.hold_chunk(1);
  EXPECT_EQ(plan.assign(100)->range, (ByteRange{20, 30}));
  EXPECT_FALSE(plan.assign(100));
  plan.return_chunk(1);  // failed its check
  plan.mark_chunk_done(0);
  EXPECT_EQ(plan.assign(100)->range, (ByteRange{10, 20}));
  EXPECT_EQ(plan.bytes_written(), 10u);
}

TEST(RangePlan, ForgottenChunkIsFetchedAgain) {
  RangePlan plan(30, 10);
  plan.record_written(0, 30);
  ASSERT_TRUE(plan.complete());
  plan.forget_chunk(1);
  EXPECT_FALSE(plan.complete());
  EXPECT_FALSE(plan.chunk_complete(1));
  EXPECT_EQ(plan.bytes_written(), 20u);
  EXPECT_EQ(plan.assign(100)->range, (ByteRange{10, 20}));
}
