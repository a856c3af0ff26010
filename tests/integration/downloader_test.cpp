// The Downloader used in-process (as the CLI and the snapshot command use it), for behaviours
// that need control over timing.
#include "actors/downloader.hpp"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "io/content_hash.hpp"
#include "support/nginx_server.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;

// Regression: without Range support the probe's own response is the download, so its first
// blocks can reach the disk before the Supervisor has prepared the file. A slow Supervisor
// (here: its notice sink blocks for 300 ms when it announces the single stream) used to
// truncate bytes already written, and the SHA-256 check failed.
TEST(Downloader, SingleStreamSurvivesASlowSupervisor) {
  tf::test::TempDir www;
  tf::test::TempDir dest;
  const auto content = tf::test::random_bytes(3 << 20, 8);
  tf::test::write_file(www / "f.bin", content);
  tf::test::NginxServer nginx(www.path(), {0, "    max_ranges 0;\n"});

  tf::engine::DownloadOptions options;
  options.url = nginx.url("/f.bin");
  options.output = dest / "f.bin";
  options.chunk_size = 64 * 1024;
  options.expected_hash = tf::io::content_hash(tf::io::ContentHashKind::sha256, content);
  tf::actors::Downloader downloader;
  const auto report = downloader.download(options, nullptr, [](const std::string& notice) {
    if (notice.find("does not support ranges") != std::string::npos)
      std::this_thread::sleep_for(300ms);
  });
  EXPECT_TRUE(report.hash_checked);
  EXPECT_EQ(tf::test::read_file(dest / "f.bin"), content);
}
