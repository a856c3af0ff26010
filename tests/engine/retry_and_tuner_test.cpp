#include <gtest/gtest.h>

#include "engine/connection_tuner.hpp"
#include "engine/retry_policy.hpp"

using namespace tf::engine;
using namespace std::chrono_literals;

TEST(RetryPolicy, ClassifiesStatuses) {
  for (long s : {408L, 429L, 500L, 502L, 503L, 504L, 599L}) {
    EXPECT_EQ(classify_status(s), FailureAction::retry) << s;
  }
  for (long s : {412L, 416L})
    EXPECT_EQ(classify_status(s), FailureAction::restart) << s;
  for (long s : {400L, 401L, 403L, 404L, 410L})
    EXPECT_EQ(classify_status(s), FailureAction::fail) << s;
}

TEST(RetryPolicy, ExponentialWithJitterAndCap) {
  RetryPolicy p;
  p.base_delay = 100ms;
  p.max_delay = 1000ms;
  EXPECT_EQ(retry_delay(p, 1, 0.0, std::nullopt), 50ms);
  EXPECT_EQ(retry_delay(p, 1, 1.0, std::nullopt), 100ms);
  EXPECT_EQ(retry_delay(p, 3, 1.0, std::nullopt), 400ms);
  EXPECT_EQ(retry_delay(p, 10, 1.0, std::nullopt), 1000ms);
  EXPECT_EQ(retry_delay(p, 10, 0.0, std::nullopt), 500ms);
}

TEST(RetryPolicy, RetryAfterIsHonouredAndClamped) {
  RetryPolicy p;
  p.max_retry_after = 5000ms;
  EXPECT_EQ(retry_delay(p, 1, 0.0, 2s), 2000ms);
  EXPECT_EQ(retry_delay(p, 1, 1.0, 2s), 2200ms);
  EXPECT_EQ(retry_delay(p, 1, 0.0, 3600s), 5000ms);
}

namespace {

// Simulates a link: each connection gets `per_connection` bytes/s up to `link` bytes/s total.
size_t run_tuner(double per_connection, double link, std::optional<size_t> fixed = std::nullopt) {
  TunerOptions o;
  const auto t0 = ConnectionTuner::Clock::time_point{};
  ConnectionTuner tuner(o, fixed, t0);
  double bytes = 0;
  const auto step = 50ms;
  for (auto t = t0; t < t0 + 20s; t += step) {
    const size_t n = tuner.update(t, static_cast<uint64_t>(bytes));
    bytes += std::min(link, per_connection * static_cast<double>(n)) *
             std::chrono::duration<double>(step).count();
  }
  return tuner.target();
}

}  // namespace

TEST(ConnectionTuner, CappedConnectionsDriveItToTheMaximum) {
  EXPECT_EQ(run_tuner(1e6, 1e12), 64u);
}

TEST(ConnectionTuner, ACappedLinkReachesTheMaximumWithinThreeSeconds) {
  // 8 -> 16 (doubling: nothing to compare yet) -> 64 (linear gain: x4).
  TunerOptions o;
  const auto t0 = ConnectionTuner::Clock::time_point{};
  ConnectionTuner tuner(o, std::nullopt, t0);
  double bytes = 0;
  auto t = t0;
  for (; t < t0 + 10s && tuner.target() < 64; t += 50ms) {
    bytes += 1e6 * static_cast<double>(tuner.update(t, static_cast<uint64_t>(bytes))) * 0.05;
  }
  EXPECT_EQ(tuner.target(), 64u);
  EXPECT_LE(t - t0, 3s);
}

TEST(ConnectionTuner, SaturatedLinkKeepsFewConnections) {
  // One connection fills the link: doubling from the initial 8 brings nothing, so it stays.
  EXPECT_EQ(run_tuner(1e9, 1e9), 8u);
}

TEST(ConnectionTuner, SaturatesALinkThatNeedsMoreThanTheInitialCount) {
  // 10 MB/s per connection, 200 MB/s link (full at 20 connections): the tuner must end with
  // enough connections to fill it.
  const size_t n = run_tuner(10e6, 200e6);
  EXPECT_GE(n * 10e6, 200e6);
  EXPECT_LE(n, 64u);
}

TEST(ConnectionTuner, FixedCountNeverMoves) {
  EXPECT_EQ(run_tuner(1e6, 1e12, 16), 16u);
}
