#include "support/subprocess.hpp"

#include <signal.h>

#include <gtest/gtest.h>

using namespace std::chrono_literals;

TEST(Subprocess, CollectsOutputExitCodeAndEnvironment) {
  const auto r =
      tf::test::run({"sh", "-c", "echo out-$TF_X; echo err >&2; exit 3"}, {{"TF_X", "42"}});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out-42\n");
  EXPECT_EQ(r.err, "err\n");
}

TEST(Subprocess, KillNineIsReportedAsASignal) {
  tf::test::Subprocess p({"sleep", "30"});
  ASSERT_TRUE(p.running());
  p.signal(SIGKILL);
  const auto r = p.wait(5s);
  EXPECT_EQ(r.signal, SIGKILL);
  EXPECT_EQ(r.exit_code, -1);
}
