// `turbofetch download` against the stand-in hub (tools/hub): the huggingface_hub cache layout
// file by file, second pulls without data requests, revisions and filters, --local-dir,
// --dry-run, offline mode, every error users meet, the token's confinement to the hub, hostile
// listings, two processes on one cache, and kill -9 in the middle of a snapshot.

#include <gtest/gtest.h>

#include "engine/hub/cache_layout.hpp"
#include "io/content_hash.hpp"
#include "io/sha256.hpp"
#include "support/cli.hpp"
#include "support/http_client.hpp"
#include "support/hub_server.hpp"
#include "support/journal_probe.hpp"
#include "support/scripted_server.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using nlohmann::json;
using tf::test::HubServer;
namespace fs = std::filesystem;

namespace {

constexpr const char* kRepoFolder = "models--org--model";

// The repo's file entries from the hub's own tree listing (all pages).
std::vector<json> listed_files(const HubServer& hub, const std::string& api_repo,
                               const std::string& revision) {
  std::vector<json> files;
  std::string url = hub.hub_url() + "/api/" + api_repo + "/tree/" + revision + "?recursive=true";
  for (int page = 0; page < 1000 && !url.empty(); ++page) {
    const auto r =
        tf::test::http_get(url, {std::string("Authorization: Bearer ") + HubServer::kToken});
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& e : json::parse(r.body))
      if (e["type"] == "file") files.push_back(e);
    const auto link = r.header("link");
    url.clear();
    if (link && link->find("rel=\"next\"") != std::string::npos) {
      url = link->substr(link->find('<') + 1, link->find('>') - link->find('<') - 1);
    }
  }
  return files;
}

std::string etag_of(const json& entry) {
  return entry.contains("lfs") ? entry["lfs"]["oid"].get<std::string>()
                               : entry["oid"].get<std::string>();
}

// The content hash of a file on disk, of the kind the Hub names it by.
std::string content_hash_of(const fs::path& path, bool lfs) {
  const auto bytes = tf::test::read_file(path);
  return tf::io::content_hash(
             lfs ? tf::io::ContentHashKind::sha256 : tf::io::ContentHashKind::git_blob_sha1, bytes)
      .hex;
}

std::string last_line(const std::string& text) {
  std::string trimmed = text;
  while (!trimmed.empty() && trimmed.back() == '\n')
    trimmed.pop_back();
  return trimmed.substr(trimmed.rfind('\n') == std::string::npos ? 0 : trimmed.rfind('\n') + 1);
}

class DownloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    v1_ = hub_.generate({"--repo", "org/model", "--file", "model.safetensors=3M", "--shape",
                         "12x3K:small", "--tag", "v1", "--seed", "1"})["commit"];
    main_ =
        hub_.generate({"--repo", "org/model", "--file", "model.safetensors=5M", "--file",
                       "weights/extra.bin=1M", "--shape", "12x3K:small", "--seed", "2"})["commit"];
    hub_.start();
  }

  std::map<std::string, std::string> env(bool with_token = true) const {
    return {{"HF_ENDPOINT", hub_.hub_url()},    {"HF_HUB_CACHE", cache_.path().string()},
            {"HF_HOME", home_.path().string()}, {"HF_TOKEN", with_token ? HubServer::kToken : ""},
            {"HUGGING_FACE_HUB_TOKEN", ""},     {"HF_HUB_OFFLINE", ""},
            {"HF_ENDPOINT_UNUSED", ""}};
  }

  tf::test::ProcessResult pull(std::vector<std::string> args, bool with_token = true) {
    // The repo is org/model unless the arguments start with another one.
    const bool names_repo =
        !args.empty() && (args[0].rfind("org/", 0) == 0 || args[0] == "not a repo!");
    if (!names_repo) args.insert(args.begin(), "org/model");
    args.insert(args.begin(), "download");
    return tf::test::run_turbofetch(std::move(args), env(with_token));
  }

  fs::path repo_folder() const { return cache_.path() / kRepoFolder; }

  // Every listed file of the revision is in the snapshot as huggingface_hub lays it out.
  void expect_snapshot(const std::string& commit, const std::string& revision) {
    const auto files = listed_files(hub_, "models/org/model", revision);
    ASSERT_FALSE(files.empty());
    for (const auto& f : files) {
      const std::string path = f["path"];
      const fs::path link = repo_folder() / "snapshots" / commit / path;
      ASSERT_TRUE(fs::is_symlink(link)) << path;
      EXPECT_EQ(fs::read_symlink(link).string(),
                tf::engine::hub::relative_blob_target(path, etag_of(f)));
      const fs::path blob = repo_folder() / "blobs" / etag_of(f);
      ASSERT_TRUE(fs::is_regular_file(blob)) << path;
      EXPECT_EQ(fs::file_size(blob), f["size"].get<uint64_t>());
      EXPECT_EQ(content_hash_of(blob, f.contains("lfs")), etag_of(f)) << path;
    }
  }

  size_t count_requests(const std::string& listener, const std::string& target_part) {
    size_t n = 0;
    for (const auto& r : hub_.requests())
      if (r["listener"] == listener &&
          r["target"].get<std::string>().find(target_part) != std::string::npos)
        ++n;
    return n;
  }

  HubServer hub_;
  tf::test::TempDir cache_;
  tf::test::TempDir home_;
  std::string v1_;
  std::string main_;
};

}  // namespace

TEST_F(DownloadTest, PullBuildsTheHuggingfaceHubCacheFileByFile) {
  const auto r = pull({});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path snapshot = repo_folder() / "snapshots" / main_;
  EXPECT_EQ(last_line(r.out), snapshot.string());
  expect_snapshot(main_, "main");
  EXPECT_EQ(tf::test::read_text_file(repo_folder() / "refs" / "main"), main_);
  EXPECT_TRUE(fs::is_regular_file(cache_.path() / "CACHEDIR.TAG"));
  EXPECT_TRUE(fs::is_regular_file(repo_folder() / "trees" / (main_ + ".json")));
  // Nothing but verified blobs is left in blobs/: no partial folders, no temporary names.
  for (const auto& entry : fs::directory_iterator(repo_folder() / "blobs")) {
    const std::string name = entry.path().filename().string();
    EXPECT_TRUE(name.size() == 40 || name.size() == 64) << name;
  }
}

TEST_F(DownloadTest, SecondPullOfACompleteSnapshotMakesNoDataRequest) {
  ASSERT_EQ(pull({"--quiet"}).exit_code, 0);
  hub_.clear_requests();
  const auto started = std::chrono::steady_clock::now();
  const auto r = pull({"--json"});
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = tf::test::summary_of(r);
  EXPECT_EQ(summary["files_to_fetch"], 0);
  EXPECT_EQ(summary["bytes_fetched"], 0);
  const auto requests = hub_.requests();
  // Only the revision lookup (E1): no listing (the tree cache has it), no resolve, no CDN.
  ASSERT_EQ(requests.size(), 1u) << requests.dump(1);
  EXPECT_NE(requests[0]["target"].get<std::string>().find("/api/models/org/model/revision/main"),
            std::string::npos);
  std::cout << "second pull of a complete snapshot: " << seconds << " s\n";
}

TEST_F(DownloadTest, TagCommitIncludeExcludeAndFileSubsets) {
  auto r = pull({"--revision", "v1", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_snapshot(v1_, "v1");
  EXPECT_EQ(tf::test::read_text_file(repo_folder() / "refs" / "v1"), v1_);

  r = pull({"--revision", main_, "--include", "*.json", "--include", "small/*", "--exclude",
            "small/part-0000[0-4].dat", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path snapshot = repo_folder() / "snapshots" / main_;
  EXPECT_TRUE(fs::exists(snapshot / "config.json"));
  EXPECT_FALSE(fs::exists(snapshot / "model.safetensors"));
  EXPECT_FALSE(fs::exists(snapshot / "README.md"));
  EXPECT_FALSE(fs::exists(snapshot / "small" / "part-00004.dat"));
  EXPECT_TRUE(fs::exists(snapshot / "small" / "part-00005.dat"));
  EXPECT_FALSE(fs::exists(repo_folder() / "refs" / main_)) << "a commit gets no ref";

  r = pull({"weights/extra.bin", "README.md", "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(snapshot / "weights" / "extra.bin"));
  EXPECT_EQ(
      fs::read_symlink(snapshot / "weights" / "extra.bin").string().rfind("../../../blobs/", 0),
      0u);
}

TEST_F(DownloadTest, MissingFileIsNotFoundAndRecordedInNoExist) {
  const auto r = pull({"no/such/file.bin", "--quiet"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("no/such/file.bin"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(repo_folder() / ".no_exist" / main_ / "no" / "such" / "file.bin"));
}

TEST_F(DownloadTest, LocalDirHoldsRealFilesAndHuggingfaceHubMetadata) {
  tf::test::TempDir local;
  auto r = pull({"--local-dir", local.path().string(), "--quiet"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(last_line(r.out), local.path().string());
  for (const auto& f : listed_files(hub_, "models/org/model", "main")) {
    const std::string path = f["path"];
    const fs::path file = local.path() / path;
    ASSERT_TRUE(fs::is_regular_file(fs::symlink_status(file))) << path;
    EXPECT_EQ(content_hash_of(file, f.contains("lfs")), etag_of(f)) << path;
    const fs::path metadata =
        local.path() / ".cache" / "huggingface" / "download" / (path + ".metadata");
    const std::string text = tf::test::read_text_file(metadata);
    EXPECT_EQ(text.substr(0, text.find('\n')), main_) << path;
    EXPECT_NE(text.find("\n" + etag_of(f) + "\n"), std::string::npos) << text;
  }
  EXPECT_TRUE(fs::is_regular_file(local.path() / ".cache" / "huggingface" / ".gitignore"));
  EXPECT_FALSE(fs::exists(cache_.path() / kRepoFolder)) << "--local-dir leaves the cache alone";

  hub_.clear_requests();
  r = pull({"--local-dir", local.path().string(), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::summary_of(r)["files_to_fetch"], 0);
  EXPECT_EQ(count_requests("cdn", "/"), 0u);
}

TEST_F(DownloadTest, DryRunSaysWhatAndHowMuchAndWritesNothing) {
  const auto r = pull({"--dry-run", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json plan = tf::test::summary_of(r);
  uint64_t total = 0;
  for (const auto& f : listed_files(hub_, "models/org/model", "main"))
    total += f["size"].get<uint64_t>();
  EXPECT_EQ(plan["bytes_to_fetch"], total);
  EXPECT_EQ(plan["files"].size(), plan["files_total"]);
  EXPECT_FALSE(fs::exists(repo_folder()));
  EXPECT_EQ(count_requests("cdn", "/"), 0u);
  EXPECT_EQ(count_requests("hub", "/resolve/"), 0u);
}

TEST_F(DownloadTest, ErrorsSayWhatIsWrongWithTheirExitCode) {
  hub_.generate({"--repo", "org/private", "--file", "a.bin=10K", "--private"});
  hub_.generate({"--repo", "org/gated", "--file", "a.bin=10K", "--gated"});

  auto r = pull({"org/missing"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("org/missing"), std::string::npos) << r.err;

  r = pull({"org/private"}, false);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("token"), std::string::npos) << "suggests a token: " << r.err;

  r = pull({"org/private", "--token", "hf_not_a_valid_token_0000"});
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_EQ(r.err.find("hf_not_a_valid_token_0000"), std::string::npos) << r.err;

  r = pull({"org/gated"});
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_NE(r.err.find("gated"), std::string::npos) << r.err;

  r = pull({"--revision", "no-such-branch"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("no-such-branch"), std::string::npos) << r.err;

  r = pull({"not a repo!"});
  EXPECT_EQ(r.exit_code, 2) << r.err;

  auto unreachable = env();
  unreachable["HF_ENDPOINT"] = "http://127.0.0.1:9";
  r = tf::test::run_turbofetch({"download", "org/model"}, unreachable);
  EXPECT_EQ(r.exit_code, 3) << r.err;

  unreachable["HF_ENDPOINT"] = "ftp://127.0.0.1/";
  r = tf::test::run_turbofetch({"download", "org/model"}, unreachable);
  EXPECT_EQ(r.exit_code, 2) << r.err;

  // The repo pulled with the token: the token shows up nowhere in what the user sees.
  r = pull({"org/private"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ((r.out + r.err).find(HubServer::kToken), std::string::npos);
}

TEST_F(DownloadTest, DatasetRepoIntoTheCacheDirGiven) {
  const std::string commit = hub_.generate({"--repo", "org/ds", "--type", "dataset", "--file",
                                            "train.parquet=2M", "--shape", "3x1K:val"})["commit"];
  tf::test::TempDir other;
  auto args = env();
  args["HF_HUB_CACHE"] = "";
  const auto r =
      tf::test::run_turbofetch({"download", "org/ds", "--repo-type", "dataset", "--cache-dir",
                                other.path().string(), "--quiet", "--max-connections", "4"},
                               args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const fs::path snapshot = other.path() / "datasets--org--ds" / "snapshots" / commit;
  EXPECT_EQ(last_line(r.out), snapshot.string());
  for (const auto& f : listed_files(hub_, "datasets/org/ds", "main")) {
    const std::string path = f["path"];
    EXPECT_EQ(content_hash_of(snapshot / path, f.contains("lfs")), etag_of(f)) << path;
  }
  EXPECT_FALSE(fs::exists(cache_.path() / "datasets--org--ds"));
}

TEST_F(DownloadTest, TokenFileUnderHfHomeIsUsed) {
  hub_.generate({"--repo", "org/private", "--file", "a.bin=10K", "--private"});
  tf::test::write_file(
      home_.path() / "token",
      std::vector<uint8_t>(HubServer::kToken, HubServer::kToken + std::strlen(HubServer::kToken)));
  const auto r = pull({"org/private", "--quiet"}, false);
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(DownloadTest, TheTokenGoesToTheHubOnlyNeverToTheCdn) {
  ASSERT_EQ(pull({"--quiet"}).exit_code, 0);
  size_t cdn = 0;
  size_t hub_with_token = 0;
  for (const auto& r : hub_.requests()) {
    if (r["listener"] == "cdn") {
      ++cdn;
      EXPECT_TRUE(r["authorization"].is_null()) << r.dump();
    } else if (r["authorization"] ==
               HubServer::fingerprint(std::string("Bearer ") + HubServer::kToken)) {
      ++hub_with_token;
    }
  }
  EXPECT_GT(cdn, 0u);
  EXPECT_GT(hub_with_token, 0u);
}

TEST_F(DownloadTest, OfflineModeAnswersFromTheCacheAlone) {
  ASSERT_EQ(pull({"--quiet"}).exit_code, 0);
  hub_.stop();
  auto offline = env();
  offline["HF_HUB_OFFLINE"] = "1";
  auto r = tf::test::run_turbofetch({"download", "org/model"}, offline);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(last_line(r.out), (repo_folder() / "snapshots" / main_).string());

  r = tf::test::run_turbofetch({"download", "org/model", "--revision", "v1"}, offline);
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("v1"), std::string::npos) << r.err;

  r = tf::test::run_turbofetch({"download", "org/model", "nope.txt"}, offline);
  EXPECT_EQ(r.exit_code, 5) << r.err;

  // Without the offline flag, an unreachable hub falls back to the complete cached snapshot.
  r = tf::test::run_turbofetch({"download", "org/model", "--quiet"}, env());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(last_line(r.out), (repo_folder() / "snapshots" / main_).string());
}

TEST_F(DownloadTest, TwoProcessesOnOneCacheFetchEachBlobOnce) {
  // Slow the CDN so that both processes are pulling at the same time.
  hub_.set_faults(json{{"listener", "cdn"}, {"rate_bytes_per_sec", 4 << 20}});
  tf::test::Subprocess a(tf::test::turbofetch_args({"download", "org/model", "--quiet"}), env());
  tf::test::Subprocess b(tf::test::turbofetch_args({"download", "org/model", "--quiet"}), env());
  const auto ra = a.wait(2min);
  const auto rb = b.wait(2min);
  ASSERT_EQ(ra.exit_code, 0) << ra.err;
  ASSERT_EQ(rb.exit_code, 0) << rb.err;
  EXPECT_EQ(last_line(ra.out), last_line(rb.out));
  expect_snapshot(main_, "main");
  uint64_t lfs_bytes = 0;
  for (const auto& f : listed_files(hub_, "models/org/model", "main"))
    if (f.contains("lfs")) lfs_bytes += f["size"].get<uint64_t>();
  uint64_t cdn_bytes = 0;
  for (const auto& r : hub_.requests())
    if (r["listener"] == "cdn" && r["body_bytes"].is_number())
      cdn_bytes += r["body_bytes"].get<uint64_t>();
  // Each blob crossed the wire once (plus one-byte probes), not once per process.
  EXPECT_LE(cdn_bytes, lfs_bytes + 64) << "cdn bytes " << cdn_bytes << " for " << lfs_bytes;
}

TEST_F(DownloadTest, KillDashNineMidSnapshotThenResumeFetchesOnlyWhatIsMissing) {
  const std::string big = hub_.generate({"--repo", "org/big", "--file", "big.safetensors=48M",
                                         "--seed", "9", "--no-config-files"})["commit"];
  hub_.set_faults(json{{"listener", "cdn"}, {"rate_bytes_per_sec", 3 << 20}});
  const fs::path blobs = cache_.path() / "models--org--big" / "blobs";
  // Killed once two 8 MiB chunks are recorded in the journal.
  ASSERT_NO_FATAL_FAILURE(tf::test::kill_nine_once_journaled(
      {"download", "org/big", "-c", "3", "--quiet"}, env(), blobs, 2));
  hub_.clear_faults();
  const auto r = pull({"org/big", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json summary = tf::test::summary_of(r);
  const uint64_t size = 48ull << 20;
  const uint64_t resumed = summary["bytes_resumed"];
  const uint64_t fetched = summary["bytes_fetched"];
  EXPECT_GE(resumed, 8ull << 20);
  EXPECT_LE(fetched, size - resumed + 1) << "fetched " << fetched << ", resumed " << resumed;
  const fs::path link = cache_.path() / "models--org--big" / "snapshots" / big / "big.safetensors";
  ASSERT_TRUE(fs::exists(link));
  const auto files = listed_files(hub_, "models/org/big", "main");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(content_hash_of(link, true), etag_of(files[0]));
}

TEST(DownloadHostile, ListingWithAPathOutsideTheSnapshotIsRefusedBeforeWriting) {
  const std::string commit(40, 'a');
  const std::string oid(40, 'b');
  for (const std::string path :
       {"../../evil.txt", "/etc/evil", "a/../../evil", "a\\\\b", "evil\\u0000.txt", ".."}) {
    tf::test::ScriptedServer server([&](const std::string& head) {
      std::string body;
      if (head.find("/revision/") != std::string::npos) {
        body = json{{"id", "org/model"}, {"sha", commit}, {"private", false}}.dump();
      } else {
        body = "[{\"type\":\"file\",\"oid\":\"" + oid + "\",\"size\":4,\"path\":\"" + path + "\"}]";
      }
      return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
             std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    });
    tf::test::TempDir cache;
    const auto r = tf::test::run_turbofetch({"download", "org/model", "--quiet"},
                                            {{"HF_ENDPOINT", server.url("")},
                                             {"HF_HUB_CACHE", (cache.path() / "hub").string()},
                                             {"HF_HOME", cache.path().string()},
                                             {"HF_TOKEN", ""},
                                             {"HF_HUB_OFFLINE", ""}});
    EXPECT_EQ(r.exit_code, 10) << path << ": " << r.err;
    EXPECT_FALSE(fs::exists(cache.path() / "evil.txt"));
    EXPECT_FALSE(fs::exists(cache.path() / "hub" / "models--org--model" / "snapshots")) << path;
    for (const auto& request : server.requests())
      EXPECT_EQ(request.find("/resolve/"), std::string::npos) << "nothing fetched";
  }
}
