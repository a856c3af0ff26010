// tf-hub serve as a process: readiness, port file, listen addresses, clean exit.
#include <signal.h>

#include <fstream>
#include <future>
#include <nlohmann/json.hpp>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

TEST(HubServe, PrintsTheUrlsAndWritesThePortFile) {
  TempDir dir;
  Subprocess serve({tf_hub_binary(), "serve", "--data", (dir / "data").string(), "--port-file",
                    (dir / "ports.json").string(), "--serve-dir", dir.path().string()});
  ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(dir / "ports.json"); },
                         std::chrono::seconds(10)));
  std::ifstream in(dir / "ports.json");
  const auto urls = nlohmann::json::parse(in);
  EXPECT_EQ(urls["hub"].get<std::string>().rfind("http://127.0.0.1:", 0), 0u);
  EXPECT_EQ(urls["cdn"].get<std::string>().rfind("http://127.0.0.2:", 0), 0u);
  EXPECT_EQ(urls["files"], urls["hub"].get<std::string>() + "/files");
  ASSERT_TRUE(wait_until([&] { return serve.out_so_far().find('\n') != std::string::npos; },
                         std::chrono::seconds(5)));
  EXPECT_EQ(nlohmann::json::parse(serve.out_so_far()), urls);
  serve.signal(SIGINT);
  const auto result = serve.wait(std::chrono::seconds(10));
  EXPECT_EQ(result.exit_code, 0);
}

TEST(HubServe, StopsPromptlyDuringAStall) {
  HubServer hub;
  hub.generate({"--repo", "org/m", "--file", "a.safetensors=100K"});
  hub.start();
  hub.set_faults({{"listener", "cdn"}, {"stall_after_bytes", 10}, {"stall_ms", 600'000}});
  const auto summary =
      nlohmann::json::parse(http_get(hub.hub_url() + "/api/models/org/m/tree/main").body);
  std::string sha;
  for (const auto& e : summary) {
    if (e["path"] == "a.safetensors") sha = e["lfs"]["oid"];
  }
  hub.clear_requests();
  auto stalled = std::async(std::launch::async, [&] {
    HttpOptions options;
    options.timeout = std::chrono::seconds(10);
    return http_request(hub.cdn_url() + "/cdn/" + sha, options);
  });
  ASSERT_TRUE(wait_until([&] { return hub.requests(std::chrono::milliseconds(0)).size() == 1; },
                         std::chrono::seconds(5)));
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(hub.stop(), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  EXPECT_NE(stalled.get().code, CURLE_OK);
}

TEST(HubServe, RefusesAddressesOutsideLoopback) {
  TempDir dir;
  for (const std::string address :
       {"0.0.0.0:0", "10.0.0.1:0", "localhost:0", "127.0.0.1", "127.0.0.1:99999", "[::1]:0"}) {
    const auto r =
        run({tf_hub_binary(), "serve", "--data", dir.path().string(), "--listen", address}, {},
            std::chrono::seconds(10));
    EXPECT_EQ(r.exit_code, 2) << address;
    EXPECT_NE(r.err.find("listen address"), std::string::npos) << r.err;
  }
}

TEST(HubServe, ReportsAPortInUse) {
  HubServer first;
  first.start();
  TempDir dir;
  const std::string taken = first.hub_url().substr(7);
  const auto r = run({tf_hub_binary(), "serve", "--data", dir.path().string(), "--listen", taken},
                     {}, std::chrono::seconds(10));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot listen"), std::string::npos) << r.err;
}

TEST(HubServe, RefusesACorruptManifest) {
  TempDir dir;
  std::filesystem::create_directories(dir / "data");
  std::ofstream(dir / "data" / "manifest.json") << "{\"format_version\": 1, \"repos\": [{}]}";
  const auto r = run({tf_hub_binary(), "serve", "--data", (dir / "data").string()}, {},
                     std::chrono::seconds(10));
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("manifest"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tf::test
