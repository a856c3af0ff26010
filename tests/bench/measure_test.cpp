// tf-bench-measure, the stopwatch of bench/compare.sh: exit codes pass through, the time
// limit kills the command's whole process group, wall time and peak RSS are what they claim.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/subprocess.hpp"
#include "support/test_support.hpp"

namespace tf::test {
namespace {

nlohmann::json measure(const std::vector<std::string>& command, const std::string& timeout = "60") {
  TempDir dir;
  const auto out = dir / "m.json";
  std::vector<std::string> argv{TF_BINARY_DIR "/bench/measure/tf-bench-measure",
                                "--out",
                                out.string(),
                                "--timeout",
                                timeout,
                                "--"};
  argv.insert(argv.end(), command.begin(), command.end());
  const auto r = run(argv, {}, std::chrono::seconds(60));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out);
  return nlohmann::json::parse(in);
}

TEST(BenchMeasure, ExitCodeAndWallTime) {
  const auto m = measure({"sh", "-c", "sleep 0.3; exit 3"});
  EXPECT_EQ(m["exit_code"], 3);
  EXPECT_EQ(m["timed_out"], false);
  EXPECT_GE(m["wall_s"].get<double>(), 0.3);
  EXPECT_LT(m["wall_s"].get<double>(), 2.0);
}

TEST(BenchMeasure, PeakRssOfTheLargestChild) {
  // dd reads into one 64 MiB buffer, so its resident set passes 64 MiB.
  const auto m = measure({"sh", "-c", "dd if=/dev/zero of=/dev/null bs=64M count=2 2>/dev/null"});
  EXPECT_EQ(m["exit_code"], 0);
  EXPECT_GE(m["max_rss_kib"].get<long>(), 64 * 1024);
  EXPECT_GT(m["user_s"].get<double>() + m["sys_s"].get<double>(), 0.0);
}

TEST(BenchMeasure, TimeLimitKillsTheProcessGroup) {
  TempDir dir;
  const auto marker = dir / "survived";
  const auto start = std::chrono::steady_clock::now();
  // The grandchild would write the marker after 2 s if it outlived the limit.
  const auto m =
      measure({"sh", "-c", "(sleep 2; touch " + marker.string() + ") & sleep 30"}, "0.5");
  EXPECT_EQ(m["timed_out"], true);
  EXPECT_EQ(m["signal"], 9);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  EXPECT_FALSE(std::filesystem::exists(marker));
}

TEST(BenchMeasure, MissingProgramIsExit127) {
  EXPECT_EQ(measure({"/nonexistent/program"})["exit_code"], 127);
}

}  // namespace
}  // namespace tf::test
