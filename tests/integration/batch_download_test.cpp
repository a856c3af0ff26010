// Many files under one connection budget, against the stand-in hub: large LFS files over many
// connections and small files pipelined, each verified by its Hub hash (SHA-256 for LFS, git
// blob SHA-1 for regular files), hooks run before and after each file, failures isolated.
#include <gtest/gtest.h>

#include "actors/downloader.hpp"
#include "support/http_client.hpp"
#include "support/hub_server.hpp"
#include "support/test_support.hpp"

using nlohmann::json;

namespace {

// The repo's files from the hub's tree listing (all pages), as JSON entries.
std::vector<json> list_files(const tf::test::HubServer& hub, const std::string& repo) {
  std::vector<json> files;
  std::string url = hub.hub_url() + "/api/models/" + repo + "/tree/main?recursive=true";
  for (int page = 0; page < 1000 && !url.empty(); ++page) {
    const auto r = tf::test::http_get(
        url, {std::string("Authorization: Bearer ") + tf::test::HubServer::kToken});
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& e : json::parse(r.body)) {
      if (e["type"] == "file") files.push_back(e);
    }
    const auto link = r.header("link");
    url.clear();
    if (link && link->find("rel=\"next\"") != std::string::npos) {
      url = link->substr(link->find('<') + 1, link->find('>') - link->find('<') - 1);
    }
  }
  return files;
}

tf::actors::BatchFile batch_file_for(const tf::test::HubServer& hub, const std::string& repo,
                                     const json& entry, const std::filesystem::path& dest) {
  tf::actors::BatchFile file;
  const std::string path = entry["path"];
  file.label = path;
  file.size = entry["size"];
  auto& o = file.options;
  o.url = hub.hub_url() + "/" + repo + "/resolve/main/" + path;
  o.output = dest / path;
  o.headers = {std::string("Authorization: Bearer ") + tf::test::HubServer::kToken};
  o.chunk_size = 256 * 1024;
  o.expected_size = file.size;
  if (entry.contains("lfs")) {
    o.expected_hash = tf::io::ContentHash{tf::io::ContentHashKind::sha256, entry["lfs"]["oid"]};
  } else {
    o.expected_hash = tf::io::ContentHash{tf::io::ContentHashKind::git_blob_sha1, entry["oid"]};
    o.single_request = true;
  }
  std::filesystem::create_directories(o.output.parent_path());
  return file;
}

}  // namespace

TEST(BatchDownload, LargeAndSmallFilesUnderOneBudgetAllVerified) {
  tf::test::HubServer hub;
  hub.generate({"--repo", "org/mixed", "--file", "model-1.safetensors=24M", "--file",
                "model-2.safetensors=9M", "--shape", "120x3K", "--file", "empty.txt=0"});
  hub.start();
  tf::test::TempDir dest;
  const auto entries = list_files(hub, "org/mixed");
  ASSERT_EQ(entries.size(), 125u);  // 2 models, 120 parts, empty.txt, config.json, README.md

  std::vector<tf::actors::BatchFile> files;
  size_t after_calls = 0;
  for (const auto& e : entries) {
    files.push_back(batch_file_for(hub, "org/mixed", e, dest.path()));
    files.back().after = [&after_calls](const tf::engine::DownloadReport&) { ++after_calls; };
  }
  tf::actors::Downloader downloader(tf::actors::DownloaderOptions{16, 256 * 1024, 96, 0});
  auto progress = std::make_shared<tf::actors::BatchProgress>();
  const auto report = downloader.download_batch(std::move(files), progress);

  EXPECT_EQ(report.failed(), 0u);
  EXPECT_EQ(after_calls, entries.size());
  EXPECT_EQ(progress->files_done, entries.size());
  for (const auto& e : entries) {
    const std::string path = e["path"];
    const auto bytes = tf::test::read_file(dest / path);
    const std::string content(bytes.begin(), bytes.end());
    if (e.contains("lfs")) {
      EXPECT_EQ(tf::test::sha256_hex(content), e["lfs"]["oid"]) << path;
    } else {
      EXPECT_EQ(tf::test::git_blob_oid(content), e["oid"]) << path;
    }
  }
  // One budget of 16 connections for 125 files: keep-alive reuse, not a connection per file.
  EXPECT_LE(report.connections_opened, 16u + 16u);  // 16 to the hub, 16 to the CDN host
  EXPECT_LE(report.connections_peak, 16u);
}

TEST(BatchDownload, OneFailingFileDoesNotStopTheOthers) {
  tf::test::HubServer hub;
  hub.generate({"--repo", "org/r", "--shape", "10x2K", "--no-config-files"});
  hub.start();
  tf::test::TempDir dest;
  auto entries = list_files(hub, "org/r");
  std::vector<tf::actors::BatchFile> files;
  for (const auto& e : entries)
    files.push_back(batch_file_for(hub, "org/r", e, dest.path()));
  files[3].options.expected_hash->hex = std::string(40, '0');  // a hash no content has
  tf::actors::Downloader downloader;
  const auto report = downloader.download_batch(std::move(files));
  ASSERT_EQ(report.files.size(), 10u);
  EXPECT_EQ(report.failed(), 1u);
  EXPECT_FALSE(report.files[3].report);
  EXPECT_EQ(report.files[3].error_kind, tf::ErrorKind::integrity);
  EXPECT_NE(report.files[3].error.find("git blob SHA-1 mismatch"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dest / std::string(entries[3]["path"])));
}

TEST(BatchDownload, BeforeHookCanSkipOrPostponeAFile) {
  tf::test::HubServer hub;
  hub.generate({"--repo", "org/r", "--shape", "3x1K", "--no-config-files"});
  hub.start();
  tf::test::TempDir dest;
  const auto entries = list_files(hub, "org/r");
  std::vector<tf::actors::BatchFile> files;
  for (const auto& e : entries)
    files.push_back(batch_file_for(hub, "org/r", e, dest.path()));
  files[0].before = [](tf::engine::DownloadOptions&) {
    return tf::actors::BatchStart::done_already;
  };
  int busy_answers = 0;
  files[1].before = [&busy_answers](tf::engine::DownloadOptions&) {
    // "Another process holds it" twice, then go.
    return ++busy_answers <= 2 ? tf::actors::BatchStart::busy : tf::actors::BatchStart::download;
  };
  tf::actors::Downloader downloader;
  const auto report = downloader.download_batch(std::move(files));
  EXPECT_EQ(report.failed(), 0u);
  EXPECT_TRUE(report.files[0].report->already_complete);
  EXPECT_FALSE(std::filesystem::exists(dest / std::string(entries[0]["path"])));
  EXPECT_EQ(busy_answers, 3);
  EXPECT_TRUE(std::filesystem::exists(dest / std::string(entries[1]["path"])));
}
