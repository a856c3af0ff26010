// --serve-dir: plain files at /files/ with the hub's Range, ETag and fault machinery, and no
// way out of the folder.
#include <unistd.h>

#include <filesystem>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

class HubFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(root.path() / "served" / "sub");
    content = bytes_of(100'000, 5);
    write_file(root.path() / "served" / "sub" / "blob.bin", {content.begin(), content.end()});
    write_file(root.path() / "secret.txt", {'s', 'e', 'c', 'r', 'e', 't'});
    std::filesystem::create_symlink(root.path() / "secret.txt", root.path() / "served" / "link");
    std::filesystem::create_symlink("sub/blob.bin", root.path() / "served" / "inner-link");
    HubServer::Options options;
    options.serve_dir = root.path() / "served";
    hub = std::make_unique<HubServer>(options);
    hub->start();
  }
  std::string file_url(const std::string& path) const { return hub->files_url() + "/" + path; }

  TempDir root;
  std::string content;
  std::unique_ptr<HubServer> hub;
};

TEST_F(HubFiles, ServesFilesWithRangesEtagAndLastModified) {
  const auto full = http_get(file_url("sub/blob.bin"));
  ASSERT_EQ(full.status, 200);
  EXPECT_EQ(full.body, content);
  const auto etag = full.header("etag");
  ASSERT_TRUE(etag.has_value());
  const auto last_modified = full.header("last-modified");
  ASSERT_TRUE(last_modified.has_value());
  const auto part =
      http_get(file_url("sub/blob.bin"), {"Range: bytes=10-19", "If-Range: " + *etag});
  EXPECT_EQ(part.status, 206);
  EXPECT_EQ(part.body, content.substr(10, 10));
  const auto by_date =
      http_get(file_url("sub/blob.bin"), {"Range: bytes=10-19", "If-Range: " + *last_modified});
  EXPECT_EQ(by_date.status, 206);
  EXPECT_EQ(http_get(file_url("inner-link")).body, content);  // a link that stays inside
}

TEST_F(HubFiles, ReplacingAFileChangesItsEtag) {
  const auto before = http_get(file_url("sub/blob.bin")).header("etag");
  const auto answer = hub->replace_object({{"files_path", "sub/blob.bin"}, {"content", "new"}});
  EXPECT_NE(answer["etag"], *before);
  const auto stale =
      http_get(file_url("sub/blob.bin"), {"Range: bytes=1-", "If-Range: " + *before});
  EXPECT_EQ(stale.status, 200);
  EXPECT_EQ(stale.body, "new");
  EXPECT_EQ(stale.header("etag"), answer["etag"]);
}

TEST_F(HubFiles, FaultsApplyToServedFiles) {
  hub->set_faults({{"path_prefix", "/files/sub/"}, {"close_after_bytes", 500}});
  const auto r = http_get(file_url("sub/blob.bin"));
  EXPECT_EQ(r.code, CURLE_PARTIAL_FILE);
  EXPECT_EQ(r.body, content.substr(0, 500));
}

TEST_F(HubFiles, NoEscapeFromTheFolder) {
  for (const std::string path :
       {"../secret.txt", "sub/../../secret.txt", "%2e%2e/secret.txt", "%2E%2E%2Fsecret.txt",
        "sub%2F..%2F..%2Fsecret.txt", "..%5csecret.txt", "sub\\..\\..\\secret.txt", "/etc/passwd",
        "%2Fetc%2Fpasswd", "link", "sub/blob.bin%00.txt", "./sub/blob.bin", "sub//blob.bin", "%ZZ",
        "sub", ""}) {
    const auto r = http_get(file_url(path));
    EXPECT_TRUE(r.status == 400 || r.status == 404) << path << " -> " << r.status;
    EXPECT_EQ(r.body.find("secret"), std::string::npos) << path;
    EXPECT_NE(r.body, content) << path;
  }
}

TEST_F(HubFiles, RawNulAndBackslashInTheRequestLine) {
  for (const std::string& target :
       {std::string("/files/sub/blob.bin\0x", 20), std::string("/files/..\\secret.txt")}) {
    const auto reply = raw_http_exchange(
        hub->hub_url(), "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(reply.find("secret"), std::string::npos);
    EXPECT_EQ(reply.rfind("HTTP/1.1 4", 0), 0u) << reply.substr(0, 40);
  }
}

}  // namespace
}  // namespace tf::test
