// `turbofetch get` against a real nginx on 127.0.0.1: byte-exact results for every size and
// connection count, kill -9 and Ctrl-C then resume, servers without Range, objects that change
// between runs, and bad input.
#include <sys/mount.h>
#include <unistd.h>

#include <csignal>
#include <fstream>

#include <gtest/gtest.h>

#include "engine/resume_journal.hpp"
#include "io/sha256.hpp"
#include "support/cli.hpp"
#include "support/nginx_server.hpp"
#include "support/scripted_server.hpp"
#include "support/test_support.hpp"

using namespace std::chrono_literals;
using tf::test::run_turbofetch;
using tf::test::summary_of;

namespace {

std::string sha256_of(const std::vector<uint8_t>& bytes) {
  return tf::io::to_hex(tf::io::Sha256::of(bytes));
}

std::string sha256_of_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  tf::io::Sha256 sha;
  std::vector<char> buffer(1 << 20);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const auto n = static_cast<size_t>(in.gcount());
    sha.update({reinterpret_cast<const uint8_t*>(buffer.data()), n});
  }
  return tf::io::to_hex(sha.finish());
}

class GetTest : public ::testing::Test {
 protected:
  std::filesystem::path served(const std::string& name) const { return www_ / name; }
  std::filesystem::path out(const std::string& name) const { return dest_ / name; }

  tf::test::TempDir www_;
  tf::test::TempDir dest_;
};

}  // namespace

TEST_F(GetTest, EverySizeAndConnectionCountIsByteExact) {
  const uint64_t chunk = 64 * 1024;
  const std::vector<uint64_t> sizes{
      0, 1, 4095, chunk - 1, chunk, chunk + 1, 3 * chunk + 12345, 40 * chunk + 7};
  for (const uint64_t size : sizes) {
    tf::test::write_file(served("f" + std::to_string(size)), tf::test::random_bytes(size, size));
  }
  tf::test::NginxServer nginx(www_.path());
  for (const uint64_t size : sizes) {
    for (const char* connections : {"1", "4", "16"}) {
      const std::string name = "f" + std::to_string(size);
      const auto expected = tf::test::read_file(served(name));
      const auto target = out(name + "-" + connections);
      const auto r =
          run_turbofetch({"get", nginx.url("/" + name), "-o", target.string(), "-c", connections,
                          "--chunk-size", "64K", "--sha256", sha256_of(expected), "--json", "-q"});
      ASSERT_EQ(r.exit_code, 0) << "size " << size << " c=" << connections << "\n" << r.err;
      EXPECT_EQ(tf::test::read_file(target), expected) << "size " << size;
      const auto json = summary_of(r);
      EXPECT_EQ(json["bytes"], size);
      EXPECT_TRUE(json["sha256_checked"]);
      EXPECT_FALSE(std::filesystem::exists(target.string() + ".tfpart"));
      EXPECT_FALSE(std::filesystem::exists(target.string() + ".tfpart.journal"));
    }
  }
}

TEST_F(GetTest, MultiGigabyteSparseObjectCrossingThe4GiBBoundary) {
  // A sparse source file: instant to create, but the download is a real 4 GiB + 4097 bytes,
  // so offsets above 2^31 and 2^32 are exercised end to end.
  const uint64_t size = (4ull << 30) + 4097;
  const auto source = served("sparse.bin");
  {
    std::ofstream f(source, std::ios::binary);
    const auto island = tf::test::random_bytes(4000, 99);
    // Data at the start, across 2^31, across 2^32, and at the very end.
    for (const uint64_t at :
         {uint64_t{0}, (uint64_t{1} << 31) - 2000, (uint64_t{1} << 32) - 2000, size - 4000}) {
      f.seekp(static_cast<std::streamoff>(at));
      f.write(reinterpret_cast<const char*>(island.data()),
              static_cast<std::streamsize>(island.size()));
    }
  }
  ASSERT_EQ(std::filesystem::file_size(source), size);
  const std::string expected = sha256_of_file(source);
  tf::test::NginxServer nginx(www_.path());
  const auto target = out("sparse.bin");
  const auto r = run_turbofetch({"get", nginx.url("/sparse.bin"), "-o", target.string(), "-c", "8",
                                 "--sha256", expected, "--json", "-q"},
                                {}, 10min);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::filesystem::file_size(target), size);
  EXPECT_TRUE(summary_of(r)["sha256_checked"]);
  std::filesystem::remove(target);
}

TEST_F(GetTest, ConnectionsAreReusedAcrossRanges) {
  tf::test::write_file(served("f.bin"), tf::test::random_bytes(8 << 20, 3));
  tf::test::NginxServer nginx(www_.path());
  const auto r = run_turbofetch({"get", nginx.url("/f.bin"), "-o", out("f.bin").string(), "-c", "4",
                                 "--chunk-size", "64K", "--json", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The probe and every range share a pool of at most 4 keep-alive connections.
  EXPECT_LE(summary_of(r)["connections_opened"].get<int>(), 4);
}

TEST_F(GetTest, ServerWithoutRangeSupportFallsBackToOneStream) {
  const auto content = tf::test::random_bytes(3 << 20, 5);
  tf::test::write_file(served("f.bin"), content);
  tf::test::NginxServer nginx(www_.path(), {0, "    max_ranges 0;\n"});
  const auto r = run_turbofetch({"get", nginx.url("/f.bin"), "-o", out("f.bin").string(), "-c", "8",
                                 "--sha256", sha256_of(content), "--json", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(out("f.bin")), content);
  EXPECT_FALSE(summary_of(r)["ranges_supported"]);
}

namespace {

// Starts a download against a rate-limited nginx and kills it with `sig` once the journal
// claims at least `min_chunks` chunks. Returns the journal as it was left.
tf::engine::JournalContents interrupt_download(const tf::test::NginxServer& nginx,
                                               const std::filesystem::path& target, int sig,
                                               size_t min_chunks, int* exit_code = nullptr) {
  const auto journal = target.string() + ".tfpart.journal";
  tf::test::Subprocess p(
      tf::test::turbofetch_args({"get", nginx.url("/f.bin"), "-o", target.string(), "-c", "4",
                                 "--chunk-size", "256K", "-q"}));
  const bool progressed = tf::test::wait_until(
      [&] {
        const auto j = tf::engine::read_journal(journal);
        return j && j->records.size() >= min_chunks;
      },
      60s);
  EXPECT_TRUE(progressed) << "the download made no progress";
  p.signal(sig);
  const auto r = p.wait(30s);
  if (exit_code != nullptr) *exit_code = r.exit_code;
  auto j = tf::engine::read_journal(journal);
  EXPECT_TRUE(j);
  return j.value_or(tf::engine::JournalContents{});
}

}  // namespace

namespace {

// Bytes of `partial` outside the journaled chunks that already hold the right data (4 KiB
// pages equal to the source): work the killed run had done but not yet journaled.
uint64_t written_but_not_journaled(const std::vector<uint8_t>& source,
                                   const std::filesystem::path& partial,
                                   const tf::engine::JournalContents& journal) {
  const auto bytes = tf::test::read_file(partial);
  const uint64_t chunk = journal.header.chunk_size;
  std::vector<bool> journaled(source.size() / chunk + 1, false);
  for (const auto& r : journal.records)
    journaled[r.chunk] = true;
  uint64_t total = 0;
  for (uint64_t page = 0; page + 4096 <= std::min(source.size(), bytes.size()); page += 4096) {
    if (journaled[page / chunk]) continue;
    if (std::equal(source.begin() + static_cast<long>(page),
                   source.begin() + static_cast<long>(page + 4096),
                   bytes.begin() + static_cast<long>(page))) {
      total += 4096;
    }
  }
  return total;
}

}  // namespace

TEST_F(GetTest, KillNineThenResumeFetchesOnlyWhatWasInFlight) {
  const uint64_t size = 24ull << 20;
  const uint64_t chunk = 256 * 1024;
  const auto content = tf::test::random_bytes(size, 11);
  tf::test::write_file(served("f.bin"), content);
  // The first run is slow, so kill -9 lands mid-way; the second is not. nginx's limit_rate
  // applies per request and grants each request a second's worth at once: it must be below
  // one 256 KiB item to slow anything down.
  tf::test::NginxServer nginx(www_.path(), {100'000, "", true});
  const auto target = out("f.bin");

  const auto journal = interrupt_download(nginx, target, SIGKILL, 12);
  nginx.reconfigure({0, "", true});
  EXPECT_FALSE(std::filesystem::exists(target));  // never a half file under the final name
  ASSERT_TRUE(std::filesystem::exists(target.string() + ".tfpart"));
  // What the kill cost: bytes on disk that no journal record covers. Each of the 4
  // connections has at most one chunk in progress, plus chunks written in the instant before
  // their record was appended. (The server-side count would also include what sat in socket
  // buffers, which nginx's limit_rate fills with a second's worth of data per request.)
  const uint64_t lost = written_but_not_journaled(content, target.string() + ".tfpart", journal);
  EXPECT_LE(lost, (4 + 2) * chunk);

  const auto r =
      run_turbofetch({"get", nginx.url("/f.bin"), "-o", target.string(), "-c", "4", "--chunk-size",
                      "256K", "--sha256", sha256_of(content), "--json", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(target), content);
  // Every journaled chunk was re-checked and reused; only the rest came over the network.
  const auto json = summary_of(r);
  const uint64_t journaled = journal.records.size() * chunk;
  EXPECT_EQ(json["bytes_resumed"].get<uint64_t>(), journaled);
  EXPECT_EQ(json["bytes_fetched"].get<uint64_t>(), size - journaled);
  EXPECT_EQ(json["bytes_refetched"].get<uint64_t>(), 0u);
}

TEST_F(GetTest, CtrlCStopsCleanlyAndTheNextRunResumes) {
  const uint64_t size = 16ull << 20;
  const auto content = tf::test::random_bytes(size, 12);
  tf::test::write_file(served("f.bin"), content);
  tf::test::NginxServer nginx(www_.path(), {100'000, "", true});
  const auto target = out("f.bin");
  int exit_code = 0;
  const auto journal = interrupt_download(nginx, target, SIGINT, 8, &exit_code);
  nginx.reconfigure({0, "", true});
  EXPECT_EQ(exit_code, 130);
  EXPECT_FALSE(std::filesystem::exists(target));
  // A clean stop journals every complete chunk that reached the disk: what is on disk but not
  // journaled is at most the one unfinished chunk of each of the 4 connections.
  EXPECT_LT(written_but_not_journaled(content, target.string() + ".tfpart", journal),
            4u * 256 * 1024);

  const auto r = run_turbofetch({"get", nginx.url("/f.bin"), "-o", target.string(), "--sha256",
                                 sha256_of(content), "--json", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(target), content);
  EXPECT_GT(summary_of(r)["bytes_resumed"].get<uint64_t>(), 0u);
}

TEST_F(GetTest, ObjectChangedBetweenRunsStartsOverAndNeverSplices) {
  const uint64_t size = 16ull << 20;
  tf::test::write_file(served("f.bin"), tf::test::random_bytes(size, 21));
  tf::test::NginxServer nginx(www_.path(), {100'000, "", true});
  const auto target = out("f.bin");
  interrupt_download(nginx, target, SIGKILL, 4);
  nginx.reconfigure({0, "", true});

  // A new version of the same size: only the validator (ETag) tells them apart.
  const auto v2 = tf::test::random_bytes(size, 22);
  std::this_thread::sleep_for(1100ms);  // nginx's ETag includes the mtime in seconds
  tf::test::write_file(served("f.bin"), v2);
  const auto r = run_turbofetch(
      {"get", nginx.url("/f.bin"), "-o", target.string(), "--sha256", sha256_of(v2), "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(tf::test::read_file(target), v2);
  EXPECT_EQ(summary_of(r)["bytes_resumed"], 0);
  EXPECT_NE(r.err.find("starting over"), std::string::npos) << r.err;
}

TEST_F(GetTest, WrongSha256KeepsNothing) {
  const auto content = tf::test::random_bytes(1 << 20, 31);
  tf::test::write_file(served("f.bin"), content);
  tf::test::NginxServer nginx(www_.path());
  const auto target = out("f.bin");
  const auto r = run_turbofetch(
      {"get", nginx.url("/f.bin"), "-o", target.string(), "--sha256", std::string(64, 'a'), "-q"});
  EXPECT_EQ(r.exit_code, 7);
  EXPECT_NE(r.err.find("SHA-256 mismatch"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(target));
  EXPECT_FALSE(std::filesystem::exists(target.string() + ".tfpart"));
}

TEST_F(GetTest, VerifyFlagRereadsEveryChunkBeforeCommitting) {
  const auto content = tf::test::random_bytes(3 << 20, 32);
  tf::test::write_file(served("f.bin"), content);
  tf::test::NginxServer nginx(www_.path());
  const auto r =
      run_turbofetch({"get", nginx.url("/f.bin"), "-o", out("f.bin").string(), "--chunk-size",
                      "64K", "--verify", "--sha256", sha256_of(content)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("verifying every chunk"), std::string::npos) << r.err;
  EXPECT_EQ(tf::test::read_file(out("f.bin")), content);
}

TEST_F(GetTest, CompleteDestinationWithMatchingSha256IsNotFetchedAgain) {
  const auto content = tf::test::random_bytes(1 << 20, 33);
  tf::test::write_file(served("f.bin"), content);
  tf::test::write_file(out("f.bin"), content);
  tf::test::NginxServer nginx(www_.path(), {0, "", true});
  const auto r = run_turbofetch({"get", nginx.url("/f.bin"), "-o", out("f.bin").string(),
                                 "--sha256", sha256_of(content), "--json", "-q"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(summary_of(r)["already_complete"]);
  EXPECT_TRUE(nginx.access_log().empty());
}

TEST(GetBadInput, MalformedUrlsAreRejectedBeforeAnyRequest) {
  tf::test::TempDir dir;
  for (const char* url : {"not a url", "ftp://example.com/x", "http://", "http://exa mple.com/f",
                          "file:///etc/passwd", "http://[::1/x"}) {
    const auto r = run_turbofetch({"get", url, "-o", (dir / "x").string(), "-q"});
    EXPECT_EQ(r.exit_code, 2) << url << "\n" << r.err;
    EXPECT_NE(r.err.find("invalid URL"), std::string::npos) << r.err;
  }
}

TEST_F(GetTest, UnwritableDestinationIsAClearIoError) {
  tf::test::write_file(served("f.bin"), tf::test::random_bytes(1000, 1));
  tf::test::NginxServer nginx(www_.path());
  // A path below a regular file cannot exist, even for root.
  tf::test::write_file(out("plain-file"), {1});
  const auto r =
      run_turbofetch({"get", nginx.url("/f.bin"), "-o", out("plain-file/x").string(), "-q"});
  EXPECT_EQ(r.exit_code, 8) << r.err;
  EXPECT_NE(r.err.find("plain-file/x"), std::string::npos) << r.err;
}

TEST_F(GetTest, HttpErrorNamesUrlAndStatus) {
  tf::test::NginxServer nginx(www_.path());
  const auto r = run_turbofetch({"get", nginx.url("/missing.bin"), "-o", out("m").string(), "-q"});
  EXPECT_EQ(r.exit_code, 5) << r.err;
  EXPECT_NE(r.err.find("/missing.bin"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("404"), std::string::npos) << r.err;
}

namespace {

// Mounts a small tmpfs for the test; unmounts it at the end.
class SmallDisk {
 public:
  explicit SmallDisk(const std::filesystem::path& where, const char* size) : where_(where) {
    std::filesystem::create_directories(where);
    mounted_ =
        mount("tmpfs", where.c_str(), "tmpfs", 0, (std::string("size=") + size).c_str()) == 0;
  }
  ~SmallDisk() {
    if (mounted_) umount2(where_.c_str(), MNT_DETACH);
  }
  bool mounted() const { return mounted_; }

 private:
  std::filesystem::path where_;
  bool mounted_ = false;
};

}  // namespace

TEST_F(GetTest, DiskFullIsReportedUpFrontAndTheOldFileSurvives) {
  SmallDisk disk(dest_ / "small", "4m");
  if (!disk.mounted()) GTEST_SKIP() << "mounting a tmpfs needs CAP_SYS_ADMIN";
  tf::test::write_file(served("f.bin"), tf::test::random_bytes(16 << 20, 41));
  const auto old_content = tf::test::random_bytes(1000, 42);
  const auto target = dest_ / "small" / "f.bin";
  tf::test::write_file(target, old_content);
  tf::test::NginxServer nginx(www_.path());
  const auto r = run_turbofetch({"get", nginx.url("/f.bin"), "-o", target.string(), "-q"});
  EXPECT_EQ(r.exit_code, 9) << r.err;
  EXPECT_NE(r.err.find("not enough space"), std::string::npos) << r.err;
  EXPECT_EQ(tf::test::read_file(target), old_content);  // a finished file is never touched
}

TEST_F(GetTest, AbsurdSizeFromTheServerIsRefused) {
  tf::test::ScriptedServer server([](const std::string&) {
    return std::string(
        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-0/1152921504606846976\r\n"
        "Content-Length: 1\r\nConnection: close\r\n\r\nx");
  });
  const auto r = run_turbofetch({"get", server.url("/f.bin"), "-o", out("f.bin").string(), "-q"});
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_NE(r.err.find("absurd"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out("f.bin")));
}

TEST_F(GetTest, WrongContentRangeIsRetriedThenReported) {
  // The probe is honest; every range answer starts at the wrong byte.
  tf::test::ScriptedServer server([](const std::string& request) {
    if (request.find("Range: bytes=0-0") != std::string::npos) {
      return std::string(
          "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 0-0/100000\r\n"
          "ETag: \"v1\"\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx");
    }
    return std::string(
        "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes 5-9/100000\r\n"
        "Content-Length: 5\r\nConnection: close\r\n\r\nxxxxx");
  });
  const auto r = run_turbofetch({"get", server.url("/f.bin"), "-o", out("f.bin").string(), "-c",
                                 "1", "--max-retries", "2", "-q"});
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_NE(r.err.find("Content-Range"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out("f.bin")));
  EXPECT_TRUE(std::filesystem::exists(out("f.bin.tfpart.journal")));  // kept for the next run
}
