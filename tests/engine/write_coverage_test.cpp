// WriteCoverage: chunks complete when every byte was written, however often bytes repeat.
#include "engine/write_coverage.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

namespace {

using tf::engine::WriteCoverage;

TEST(WriteCoverage, RepeatedWritesDoNotCompleteAChunkEarly) {
  WriteCoverage c(25, 10);  // chunks [0,10) [10,20) [20,25)
  EXPECT_TRUE(c.record(0, 6).empty());
  EXPECT_TRUE(c.record(0, 6).empty());  // a retry writes the same bytes again
  EXPECT_TRUE(c.record(2, 3).empty());
  EXPECT_EQ(c.bytes_covered(), 6u);
  EXPECT_FALSE(c.chunk_complete(0));
  EXPECT_EQ(c.record(5, 7), (std::vector<size_t>{0}));  // overlaps, fills [6,12)
  EXPECT_EQ(c.bytes_covered(), 12u);
  EXPECT_EQ(c.record(12, 13), (std::vector<size_t>{1, 2}));
  EXPECT_TRUE(c.complete());
  EXPECT_TRUE(c.record(0, 25).empty());  // nothing new
  EXPECT_EQ(c.bytes_covered(), 25u);
}

TEST(WriteCoverage, OutOfOrderPiecesMergeAcrossGaps) {
  WriteCoverage c(30, 10);
  EXPECT_TRUE(c.record(20, 5).empty());
  EXPECT_TRUE(c.record(5, 3).empty());
  EXPECT_TRUE(c.record(9, 2).empty());
  EXPECT_EQ(c.record(0, 30), (std::vector<size_t>{0, 1, 2}));
  EXPECT_EQ(c.bytes_covered(), 30u);
}

TEST(WriteCoverage, ResumedChunksCountAndRangesAsk) {
  WriteCoverage c(25, 10);
  c.mark_chunk_done(1);
  EXPECT_TRUE(c.range_complete(10, 10));
  EXPECT_FALSE(c.range_complete(9, 2));
  EXPECT_TRUE(c.record(12, 3).empty());  // inside a done chunk: nothing new
  EXPECT_EQ(c.bytes_covered(), 10u);
  EXPECT_EQ(c.record(0, 10), (std::vector<size_t>{0}));
  EXPECT_THROW(c.record(20, 6), tf::Error);  // beyond the end
}

}  // namespace
