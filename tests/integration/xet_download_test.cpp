// `turbofetch download` of Xet-backed files against the stand-in hub serving Xet (tools/hub):
// the Xet path is taken (token, reconstruction, xorb ranges; no plain CDN request), every byte
// is verified, the hub token never reaches the CDN, a new revision that changed 10% of a file
// reuses the rest from the chunk store, --no-xet and HF_HUB_DISABLE_XET take the plain path, a
// corrupted xorb falls back to the plain path, a dropped xorb transfer is retried, an expired
// signed URL gets fresh ones, and kill -9 in the middle resumes from the journal.

#include <gtest/gtest.h>

#include "io/content_hash.hpp"
#include "support/cli.hpp"
#include "support/http_client.hpp"
#include "support/hub_server.hpp"
#include "support/journal_probe.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using tf::test::HubServer;
namespace fs = std::filesystem;

namespace {

constexpr uint64_t kMiB = 1ull << 20;

class XetDownloadTest : public ::testing::Test {
 protected:
  std::map<std::string, std::string> env() const {
    return {{"HF_ENDPOINT", hub_.hub_url()},
            {"HF_HUB_CACHE", cache_.path().string()},
            {"HF_HOME", home_.path().string()},
            {"HF_XET_CACHE", (home_.path() / "xet").string()},
            {"HF_TOKEN", HubServer::kToken},
            {"HF_HUB_DISABLE_XET", ""},
            {"HF_HUB_OFFLINE", ""}};
  }

  tf::test::ProcessResult pull(std::vector<std::string> args,
                               std::map<std::string, std::string> extra_env = {}) {
    args.insert(args.begin(), "download");
    auto e = env();
    for (auto& [k, v] : extra_env)
      e[k] = v;
    return tf::test::run_turbofetch(std::move(args), e);
  }

  size_t count(const std::string& listener, const std::string& target_part) {
    size_t n = 0;
    for (const auto& r : hub_.requests())
      if (r["listener"] == listener &&
          r["target"].get<std::string>().find(target_part) != std::string::npos)
        ++n;
    return n;
  }

  // The snapshot file's SHA-256 equals the hub's LFS oid for it.
  void expect_file(const std::string& repo_folder, const std::string& commit,
                   const std::string& path, const std::string& sha256) {
    const fs::path link = cache_.path() / repo_folder / "snapshots" / commit / path;
    ASSERT_TRUE(fs::exists(link)) << link;
    const auto bytes = tf::test::read_file(link);
    EXPECT_EQ(tf::io::content_hash(tf::io::ContentHashKind::sha256, bytes).hex, sha256);
  }

  // The sha256 (LFS oid) of a file at a revision, from the hub's tree listing.
  std::string sha256_of(const std::string& repo, const std::string& revision,
                        const std::string& path) {
    const auto r = tf::test::http_get(
        hub_.hub_url() + "/api/models/" + repo + "/tree/" + revision + "?recursive=true",
        {std::string("Authorization: Bearer ") + HubServer::kToken});
    for (const auto& e : json::parse(r.body))
      if (e["path"] == path) {
        EXPECT_TRUE(e.contains("xetHash")) << path;
        return e["lfs"]["oid"];
      }
    ADD_FAILURE() << path << " not listed";
    return {};
  }

  HubServer hub_;
  tf::test::TempDir cache_;
  tf::test::TempDir home_;
};

TEST_F(XetDownloadTest, XetFilesTakeTheXetPathAndAreVerified) {
  const std::string commit =
      hub_.generate({"--repo", "org/xet", "--xet", "--file", "model.safetensors=20M", "--file",
                     "tokenizer.bin=3M"})["commit"];
  hub_.start();
  const auto r = pull({"org/xet", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = tf::test::summary_of(r);
  EXPECT_EQ(summary["xet_files"], 2);
  EXPECT_EQ(summary["xet_fallbacks"], 0);
  expect_file("models--org--xet", commit, "model.safetensors",
              sha256_of("org/xet", "main", "model.safetensors"));
  expect_file("models--org--xet", commit, "tokenizer.bin",
              sha256_of("org/xet", "main", "tokenizer.bin"));
  EXPECT_EQ(count("hub", "/xet-read-token/"), 1u);  // one token for both files
  EXPECT_GE(count("hub", "/reconstructions/"), 2u);
  EXPECT_GE(count("cdn", "/xorb/"), 2u);
  EXPECT_EQ(count("cdn", "/cdn/"), 0u);  // no plain download
  for (const auto& request : hub_.requests()) {
    if (request["listener"] == "cdn") {
      EXPECT_TRUE(request["authorization"].is_null()) << request.dump();
    }
  }
}

TEST_F(XetDownloadTest, ADeltaUpdateFetchesWhatChangedAndCopiesTheRest) {
  const uint64_t size = 24 * kMiB;
  hub_.generate(
      {"--repo", "org/delta", "--xet", "--file", "model.safetensors=24M", "--no-config-files"});
  hub_.start();
  ASSERT_EQ(pull({"org/delta", "--quiet"}).exit_code, 0);
  const std::string v2 =
      hub_.generate({"--repo", "org/delta", "--xet", "--file", "model.safetensors=24M", "--edit",
                     "model.safetensors=10%", "--no-config-files"})["commit"];
  const auto r = pull({"org/delta", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = tf::test::summary_of(r);
  const uint64_t fetched = summary["bytes_fetched"];
  const uint64_t reused = summary["bytes_reused"];
  EXPECT_GE(reused, size * 6 / 10) << r.err;
  EXPECT_LE(fetched, size * 4 / 10) << r.err;
  expect_file("models--org--delta", v2, "model.safetensors",
              sha256_of("org/delta", "main", "model.safetensors"));
}

TEST_F(XetDownloadTest, NoXetAndTheEnvironmentSwitchTakeThePlainPath) {
  hub_.generate({"--repo", "org/xet", "--xet", "--file", "model.safetensors=4M"});
  hub_.start();
  auto r = pull({"org/xet", "--no-xet", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::summary_of(r)["xet_files"], 0);
  EXPECT_EQ(count("hub", "/reconstructions/"), 0u);
  EXPECT_GE(count("cdn", "/cdn/"), 1u);
  fs::remove_all(cache_.path() / "models--org--xet");
  hub_.clear_requests();
  r = pull({"org/xet", "--json", "--quiet"}, {{"HF_HUB_DISABLE_XET", "1"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::summary_of(r)["xet_files"], 0);
  EXPECT_EQ(count("hub", "/reconstructions/"), 0u);
}

TEST_F(XetDownloadTest, ADroppedXorbTransferIsRetriedAndACorruptOneFallsBack) {
  const std::string commit = hub_.generate({"--repo", "org/xet", "--xet", "--file",
                                            "model.safetensors=6M", "--no-config-files"})["commit"];
  hub_.start();
  hub_.set_faults(json{
      {"listener", "cdn"}, {"path_prefix", "/xorb/"}, {"times", 1}, {"reset_after_bytes", 100000}});
  auto r = pull({"org/xet", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto summary = tf::test::summary_of(r);
  EXPECT_EQ(summary["xet_files"], 1);
  EXPECT_GE(summary["retries"].get<int>(), 1);
  const std::string sha = sha256_of("org/xet", "main", "model.safetensors");
  expect_file("models--org--xet", commit, "model.safetensors", sha);

  // A flipped byte in every xorb answer: Xet cannot produce the right bytes, so the plain path
  // does, and nothing wrong is ever committed.
  fs::remove_all(cache_.path() / "models--org--xet");
  fs::remove_all(home_.path() / "xet");
  hub_.set_faults(json{{"listener", "cdn"}, {"path_prefix", "/xorb/"}, {"flip_byte_at", 5000}});
  r = pull({"org/xet", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  summary = tf::test::summary_of(r);
  EXPECT_EQ(summary["xet_fallbacks"], 1) << r.err;
  expect_file("models--org--xet", commit, "model.safetensors", sha);
}

// Signed xorb URLs expire (an hour on the Hub): a 403 from the CDN gets a new reconstruction
// with fresh URLs, not the plain path; a CDN that refuses every URL ends the replans (3 without
// progress) and the plain path delivers the file.
TEST_F(XetDownloadTest, ARefusedSignedUrlIsReplannedAndEndlessRefusalsFallBack) {
  const std::string commit = hub_.generate({"--repo", "org/xet", "--xet", "--file",
                                            "model.safetensors=6M", "--no-config-files"})["commit"];
  hub_.start();
  const std::string sha = sha256_of("org/xet", "main", "model.safetensors");
  hub_.set_faults(
      json{{"listener", "cdn"}, {"path_prefix", "/xorb/"}, {"times", 1}, {"status", 403}});
  auto r = pull({"org/xet", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto summary = tf::test::summary_of(r);
  EXPECT_EQ(summary["xet_files"], 1);
  EXPECT_EQ(summary["xet_fallbacks"], 0) << r.err;
  EXPECT_EQ(count("hub", "/reconstructions/"), 2u);  // the plan, and the one with fresh URLs
  EXPECT_EQ(count("cdn", "/cdn/"), 0u);
  expect_file("models--org--xet", commit, "model.safetensors", sha);

  fs::remove_all(cache_.path() / "models--org--xet");
  fs::remove_all(home_.path() / "xet");
  hub_.clear_requests();
  hub_.set_faults(json{{"listener", "cdn"}, {"path_prefix", "/xorb/"}, {"status", 403}});
  r = pull({"org/xet", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  summary = tf::test::summary_of(r);
  EXPECT_EQ(summary["xet_fallbacks"], 1) << r.err;
  EXPECT_EQ(count("hub", "/reconstructions/"), 4u);  // the plan and 3 replans, then no more
  EXPECT_GE(count("cdn", "/cdn/"), 1u);
  expect_file("models--org--xet", commit, "model.safetensors", sha);
}

TEST_F(XetDownloadTest, KillDashNineThenResumeFetchesOnlyWhatIsMissing) {
  const uint64_t size = 48 * kMiB;
  const std::string commit = hub_.generate({"--repo", "org/big", "--xet", "--file",
                                            "big.safetensors=48M", "--no-config-files"})["commit"];
  hub_.start();
  hub_.set_faults(json{{"listener", "cdn"}, {"rate_bytes_per_sec", 3 << 20}});
  const fs::path blobs = cache_.path() / "models--org--big" / "blobs";
  // Killed once two 8 MiB chunks are recorded in the journal.
  ASSERT_NO_FATAL_FAILURE(tf::test::kill_nine_once_journaled(
      {"download", "org/big", "-c", "3", "--quiet"}, env(), blobs, 2));
  hub_.clear_faults();
  const auto r = pull({"org/big", "--json", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = tf::test::summary_of(r);
  const uint64_t resumed = summary["bytes_resumed"];
  const uint64_t fetched = summary["bytes_fetched"];
  EXPECT_EQ(summary["xet_files"], 1);
  EXPECT_GE(resumed, 8 * kMiB);
  // The missing ranges are re-planned with Range: at most a chunk of slack at each end of each.
  EXPECT_LE(fetched, size - resumed + 4 * kMiB) << "fetched " << fetched << ", resumed " << resumed;
  expect_file("models--org--big", commit, "big.safetensors",
              sha256_of("org/big", "main", "big.safetensors"));
}

}  // namespace
