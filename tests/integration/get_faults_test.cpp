// `turbofetch get` against the stand-in hub's served files with its fault knobs: connections
// reset or truncated mid-range, 503/429 with Retry-After, stalls, a flipped byte, Range ignored
// mid-download, a retry budget that runs out, and the token across a redirect.
#include <gtest/gtest.h>

#include "io/sha256.hpp"
#include "support/cli.hpp"
#include "support/hub_server.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using tf::test::run_turbofetch;
using tf::test::summary_of;

namespace {

class GetFaultsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    content_ = tf::test::random_bytes(kSize, 77);
    tf::test::write_file(www_ / "f.bin", content_);
    tf::test::HubServer::Options options;
    options.serve_dir = www_.path();
    hub_ = std::make_unique<tf::test::HubServer>(options);
    hub_->start();
  }

  std::string url() const { return hub_->files_url() + "/f.bin"; }
  std::string sha256() const { return tf::io::to_hex(tf::io::Sha256::of(content_)); }

  // Downloads with 4 connections and 256 KiB chunks; extra arguments appended.
  tf::test::ProcessResult get(std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"get",    url(), "-o",           (dest_ / "f.bin").string(),
                                  "-c",     "4",   "--chunk-size", "256K",
                                  "--json", "-q"};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_turbofetch(args);
  }

  // Range requests (not the probe) that the hub logged for the file.
  std::vector<json> range_requests() {
    std::vector<json> out;
    for (const auto& r : hub_->requests()) {
      if (r["target"] == "/files/f.bin" && r["range"].is_string() && r["range"] != "bytes=0-0") {
        out.push_back(r);
      }
    }
    return out;
  }

  static constexpr uint64_t kSize = 6 << 20;
  tf::test::TempDir www_;
  tf::test::TempDir dest_;
  std::vector<uint8_t> content_;
  std::unique_ptr<tf::test::HubServer> hub_;
};

// The probe is the first request; this rule lets it through untouched.
json let_the_probe_through() {
  return {{"path_prefix", "/files/"}, {"times", 1}, {"delay_ms", 1}};
}

uint64_t range_start(const std::string& range) {
  return std::stoull(range.substr(std::string("bytes=").size()));
}

}  // namespace

TEST_F(GetFaultsTest, ResetConnectionsResumeFromTheLastByteReceived) {
  hub_->set_faults(
      json::array({let_the_probe_through(),
                   {{"path_prefix", "/files/"}, {"times", 3}, {"reset_after_bytes", 100000}}}));
  const auto r = get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(dest_ / "f.bin"), content_);
  EXPECT_GE(summary_of(r)["retries"].get<int>(), 3);
  // A retry asks for the bytes after the 100000 that arrived, not for the item again: some
  // range request starts at a byte that is not a chunk boundary.
  bool resumed_mid_chunk = false;
  for (const auto& req : range_requests()) {
    if (range_start(req["range"]) % (256 * 1024) != 0) resumed_mid_chunk = true;
  }
  EXPECT_TRUE(resumed_mid_chunk);
}

TEST_F(GetFaultsTest, TruncatedBodiesAreCompleted) {
  hub_->set_faults(
      json::array({let_the_probe_through(),
                   {{"path_prefix", "/files/"}, {"times", 4}, {"close_after_bytes", 70000}}}));
  const auto r = get({"--sha256", sha256()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(dest_ / "f.bin"), content_);
  EXPECT_GE(summary_of(r)["retries"].get<int>(), 4);
}

TEST_F(GetFaultsTest, ServiceUnavailableWithRetryAfterIsHonoured) {
  hub_->set_faults(json::array(
      {let_the_probe_through(),
       {{"path_prefix", "/files/"}, {"times", 2}, {"status", 503}, {"retry_after", 2}}}));
  const auto start = std::chrono::steady_clock::now();
  const auto r = get();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(dest_ / "f.bin"), content_);
  EXPECT_GE(elapsed, 2s);  // waited as asked, not the 250 ms of our own first backoff
  EXPECT_EQ(summary_of(r)["retries"].get<int>(), 2);
}

TEST_F(GetFaultsTest, TooManyRequestsOnTheProbeIsRetried) {
  hub_->set_faults({{"path_prefix", "/files/"}, {"times", 1}, {"status", 429}, {"retry_after", 1}});
  const auto r = get();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(dest_ / "f.bin"), content_);
}

TEST_F(GetFaultsTest, StalledConnectionIsDroppedAndItsRangeResumed) {
  // One connection sends 50 KB then nothing for 60 s: with a 2 s stall timeout the download
  // must not wait for it.
  hub_->set_faults(json::array({let_the_probe_through(),
                                {{"path_prefix", "/files/"},
                                 {"times", 1},
                                 {"stall_after_bytes", 50000},
                                 {"stall_ms", 60000}}}));
  const auto start = std::chrono::steady_clock::now();
  const auto r = get({"--stall-timeout", "2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s);
  EXPECT_EQ(tf::test::read_file(dest_ / "f.bin"), content_);
  EXPECT_GE(summary_of(r)["retries"].get<int>(), 1);
}

TEST_F(GetFaultsTest, FlippedByteIsCaughtBySha256AndNothingIsKept) {
  hub_->set_faults({{"path_prefix", "/files/"}, {"flip_byte_at", 3 << 20}});
  const auto r = get({"--sha256", sha256()});
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_NE(r.err.find("SHA-256 mismatch"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(dest_ / "f.bin"));
  EXPECT_FALSE(std::filesystem::exists(dest_ / "f.bin.tfpart"));
}

TEST_F(GetFaultsTest, RangeIgnoredMidDownloadRestartsAsOneStreamWithoutSplicing) {
  // The probe sees Range support; every later request gets the whole object with 200.
  hub_->set_faults(
      json::array({let_the_probe_through(), {{"path_prefix", "/files/"}, {"ignore_range", true}}}));
  const auto r = get({"--sha256", sha256()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(dest_ / "f.bin"), content_);
  const auto s = summary_of(r);
  EXPECT_FALSE(s["ranges_supported"]);
  EXPECT_EQ(s["restarts"], 1);
}

TEST_F(GetFaultsTest, ExhaustedRetryBudgetNamesUrlAndStatusAndKeepsThePartial) {
  hub_->set_faults(
      json::array({let_the_probe_through(), {{"path_prefix", "/files/"}, {"status", 503}}}));
  const auto r = get({"--max-retries", "2"});
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("/files/f.bin"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("503"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(dest_ / "f.bin.tfpart.journal"));
  EXPECT_FALSE(std::filesystem::exists(dest_ / "f.bin"));
  // The next run, with a healthy server, finishes it.
  hub_->clear_faults();
  const auto again = get({"--sha256", sha256()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(tf::test::read_file(dest_ / "f.bin"), content_);
}

TEST(GetRedirect, AuthorizationNeverFollowsARedirectToAnotherHost) {
  tf::test::HubServer hub;
  hub.generate({"--repo", "org/model", "--file", "model.safetensors=3M", "--no-config-files"});
  hub.start();
  tf::test::TempDir dest;
  const std::string token = tf::test::HubServer::kToken;
  const auto r =
      run_turbofetch({"get", hub.hub_url() + "/org/model/resolve/main/model.safetensors", "-o",
                      (dest / "m").string(), "-H", "Authorization: Bearer " + token, "-c", "4",
                      "--chunk-size", "256K", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int cdn_requests = 0;
  for (const auto& req : hub.requests()) {
    if (req["listener"] == "cdn") {
      ++cdn_requests;
      EXPECT_TRUE(req["authorization"].is_null()) << req.dump();
    } else {
      EXPECT_EQ(req["authorization"], tf::test::HubServer::fingerprint("Bearer " + token));
    }
  }
  EXPECT_GE(cdn_requests, 2);  // the ranges went straight to the CDN
  EXPECT_EQ(r.out.find(token), std::string::npos);
  EXPECT_EQ(r.err.find(token), std::string::npos);
}
