// Xet storage at ingest: deduplication across revisions (generate --edit), the compression
// schemes of stored xorbs, incremental re-ingest; and the serve options that shorten lifetimes
// or drop v2, for clients' refresh and fallback paths.
#include <filesystem>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "engine/xet/xorb_format.hpp"
#include "hub/xet_client.hpp"
#include "support/http_client.hpp"
#include "support/subprocess.hpp"
#include "support/test_support.hpp"

namespace tf::test {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

uint64_t xorb_bytes_stored(const HubServer& hub) {
  uint64_t total = 0;
  for (const auto& entry : fs::directory_iterator(hub.data_dir() / "xorbs")) {
    if (entry.path().extension() != ".chunks") total += entry.file_size();
  }
  return total;
}

// The schemes of every chunk of every stored xorb, read from the chunk headers.
std::set<xet::CompressionScheme> stored_schemes(const HubServer& hub) {
  std::set<xet::CompressionScheme> schemes;
  for (const auto& entry : fs::directory_iterator(hub.data_dir() / "xorbs")) {
    if (entry.path().extension() == ".chunks") continue;
    const auto bytes = read_file(entry.path());
    for (size_t at = 0; at < bytes.size();) {
      const auto header = xet::parse_chunk_header(
          std::span<const uint8_t, xet::chunk_header_size>(bytes.data() + at, 8));
      schemes.insert(header.scheme);
      at += xet::chunk_header_size + header.compressed_length;
    }
  }
  return schemes;
}

std::string file_sha256(const HubServer& hub, const std::string& repo, const std::string& path,
                        const std::string& revision) {
  const auto tree =
      json::parse(http_get(hub.hub_url() + "/api/models/" + repo + "/tree/" + revision).body);
  for (const auto& entry : tree) {
    if (entry.at("path") == path) return entry.at("lfs").at("oid");
  }
  throw std::runtime_error("no " + path);
}

// Reconstructs `path` at `revision` through the CAS and checks it against the stored object.
void expect_reconstructs(const HubServer& hub, const std::string& repo, const std::string& path,
                         const std::string& revision) {
  const std::string token = xet_read_token(hub, repo, revision);
  const auto hash = xet_hash_in_tree(hub, repo, path, revision);
  const auto bytes = assemble(fetch_reconstruction(hub, "v2", hash, token)).bytes;
  EXPECT_EQ(sha256_hex(bytes), file_sha256(hub, repo, path, revision)) << revision;
}

TEST(HubXetStorage, EditedRevisionReusesMostXorbs) {
  HubServer hub;
  constexpr uint64_t kSize = 16 * 1024 * 1024;
  const auto first = hub.generate({"--repo", "org/m", "--xet", "--file", "model.safetensors=16M"});
  const uint64_t after_first = xorb_bytes_stored(hub);
  EXPECT_GE(after_first, kSize);  // random bytes: stored uncompressed
  const auto second = hub.generate({"--repo", "org/m", "--xet", "--file", "model.safetensors=16M",
                                    "--edit", "model.safetensors=10%"});
  const uint64_t added = xorb_bytes_stored(hub) - after_first;
  EXPECT_LT(added, kSize * 3 / 10);
  EXPECT_GT(added, kSize / 20);  // the edit did change about a tenth
  EXPECT_EQ(second.at("xet").at("new_xorb_bytes"), added);
  EXPECT_GT(second.at("xet").at("deduplicated_chunks").get<uint64_t>(),
            second.at("xet").at("chunks").get<uint64_t>() * 7 / 10);
  hub.start();
  EXPECT_NE(file_sha256(hub, "org/m", "model.safetensors", first.at("commit")),
            file_sha256(hub, "org/m", "model.safetensors", second.at("commit")));
  expect_reconstructs(hub, "org/m", "model.safetensors", first.at("commit"));
  expect_reconstructs(hub, "org/m", "model.safetensors", second.at("commit"));
}

TEST(HubXetStorage, EditsAreDeterministicAndDedupSpansRepos) {
  HubServer hub;
  const std::vector<std::string> args{"--xet", "--file", "w.bin=2M", "--edit", "w.bin=20%@7"};
  auto a = args;
  a.insert(a.begin(), {"--repo", "org/a"});
  auto b = args;
  b.insert(b.begin(), {"--repo", "org/b"});
  hub.generate(a);
  const uint64_t stored = xorb_bytes_stored(hub);
  const auto again = hub.generate(b);
  EXPECT_EQ(again.at("xet").at("files"), 0);  // same bytes: known content, not chunked again
  EXPECT_EQ(xorb_bytes_stored(hub), stored);
  hub.start();
  EXPECT_EQ(file_sha256(hub, "org/a", "w.bin", "main"), file_sha256(hub, "org/b", "w.bin", "main"));
  EXPECT_EQ(xet_hash_in_tree(hub, "org/a", "w.bin"), xet_hash_in_tree(hub, "org/b", "w.bin"));
  EXPECT_THROW(hub.generate({"--repo", "org/c", "--file", "x.bin=1K", "--edit", "y.bin=1%"}),
               std::runtime_error);
}

TEST(HubXetStorage, MixedContentUsesEveryCompressionScheme) {
  HubServer hub;
  hub.generate({"--repo", "org/m", "--xet", "--content", "mixed", "--file", "model.bin=4M"});
  const auto schemes = stored_schemes(hub);
  EXPECT_EQ(schemes, (std::set<xet::CompressionScheme>{xet::CompressionScheme::none,
                                                       xet::CompressionScheme::lz4,
                                                       xet::CompressionScheme::bg4_lz4}));
  hub.start();
  expect_reconstructs(hub, "org/m", "model.bin", "main");
}

TEST(HubXetStorage, AddFolderStoresXetFiles) {
  HubServer hub;
  TempDir folder;
  const auto bytes = random_bytes(300'000, 5);
  write_file(folder / "weights.safetensors", bytes);
  write_file(folder / "notes.txt", {'h', 'i'});
  const auto summary =
      hub.add_folder({"--repo", "org/f", "--xet", "--from", folder.path().string()});
  EXPECT_EQ(summary.at("xet").at("files"), 1);
  hub.start();
  expect_reconstructs(hub, "org/f", "weights.safetensors", "main");
}

TEST(HubXetStorage, AdminReplaceOfAXetFileStoresItAsXet) {
  HubServer hub;
  hub.generate({"--repo", "org/m", "--xet", "--file", "model.safetensors=200K"});
  hub.start();
  const std::string before = xet_hash_in_tree(hub, "org/m", "model.safetensors");
  const auto answer = hub.replace_object({{"repo", "org/m"},
                                          {"path", "model.safetensors"},
                                          {"generate", {{"size", 300'000}, {"seed", 9}}}});
  EXPECT_EQ(answer.at("kind"), "xet");
  const std::string after = xet_hash_in_tree(hub, "org/m", "model.safetensors");
  EXPECT_NE(after, before);
  expect_reconstructs(hub, "org/m", "model.safetensors", "main");
}

TEST(HubXetServe, ExpiredTokenIsRefused) {
  HubServer::Options options;
  options.serve_args = {"--xet-token-ttl", "1"};
  HubServer hub(options);
  hub.generate({"--repo", "org/m", "--xet", "--file", "model.safetensors=100K"});
  hub.start();
  const std::string token = xet_read_token(hub, "org/m");
  const auto hash = xet_hash_in_tree(hub, "org/m", "model.safetensors");
  const std::string cas = hub.hub_url() + "/cas/v2/reconstructions/" + hash;
  EXPECT_EQ(http_get(cas, {"Authorization: Bearer " + token}).status, 200);
  // Valid through its exp second, refused after it: at most about 2 s.
  const bool refused =
      wait_until([&] { return http_get(cas, {"Authorization: Bearer " + token}).status == 401; },
                 std::chrono::seconds(5));
  EXPECT_TRUE(refused);
  EXPECT_EQ(http_get(cas, {"Authorization: Bearer " + xet_read_token(hub, "org/m")}).status, 200);
}

TEST(HubXetServe, ExpiredXorbUrlIsRefused) {
  HubServer::Options options;
  options.serve_args = {"--xet-url-ttl", "1"};
  HubServer hub(options);
  hub.generate({"--repo", "org/m", "--xet", "--file", "model.safetensors=100K"});
  hub.start();
  const auto hash = xet_hash_in_tree(hub, "org/m", "model.safetensors");
  const auto body =
      json::parse(fetch_reconstruction(hub, "v2", hash, xet_read_token(hub, "org/m")));
  const auto& fetch = body.at("xorbs").begin().value().at(0);
  const std::string range =
      "Range: bytes=0-" +
      std::to_string(fetch.at("ranges").at(0).at("bytes").at("end").get<uint64_t>());
  EXPECT_EQ(http_get(fetch.at("url"), {range}).status, 206);
  const bool refused = wait_until([&] { return http_get(fetch.at("url"), {range}).status == 403; },
                                  std::chrono::seconds(5));
  EXPECT_TRUE(refused);
}

TEST(HubXetServe, NoV2LeavesV1) {
  HubServer::Options options;
  options.serve_args = {"--xet-no-v2"};
  HubServer hub(options);
  hub.generate({"--repo", "org/m", "--xet", "--file", "model.safetensors=300K"});
  hub.start();
  const std::string token = xet_read_token(hub, "org/m");
  const auto hash = xet_hash_in_tree(hub, "org/m", "model.safetensors");
  EXPECT_EQ(http_get(hub.hub_url() + "/cas/v2/reconstructions/" + hash,
                     {"Authorization: Bearer " + token})
                .status,
            404);
  const auto bytes = assemble(fetch_reconstruction(hub, "v1", hash, token)).bytes;
  EXPECT_EQ(sha256_hex(bytes), file_sha256(hub, "org/m", "model.safetensors", "main"));
}

}  // namespace
}  // namespace tf::test
