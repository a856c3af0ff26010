// Hostile and broken requests get clean 4xx answers, and the server keeps serving.
#include <future>
#include <thread>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

class HubRobustness : public HubTest {
 protected:
  void expect_still_serving() {
    EXPECT_EQ(http_get(url("/org/model/resolve/main/config.json")).body,
              main_files.at("config.json"));
  }
};

TEST_F(HubRobustness, HugeHeaderIsRefused) {
  const auto r = http_get(url("/api/models/org/model"), {"X-Big: " + std::string(200'000, 'a')});
  EXPECT_GE(r.status, 400);
  EXPECT_LT(r.status, 500);
  expect_still_serving();
}

TEST_F(HubRobustness, GarbageRequestLines) {
  for (const std::string& request :
       {std::string("NOT HTTP\r\n\r\n"), std::string("GET\r\n\r\n"),
        std::string("GET / HTTP/9.9\r\n\r\n"), std::string("\x01\x02\x03\r\n\r\n"),
        std::string("GET /api HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n")}) {
    const auto reply = raw_http_exchange(hub.hub_url(), request, std::chrono::seconds(2));
    if (!reply.empty()) {
      const bool refused = reply.rfind("HTTP/1.1 4", 0) == 0 ||
                           reply.rfind("HTTP/1.1 505", 0) == 0;  // unsupported version
      EXPECT_TRUE(refused) << reply.substr(0, 60);
    }
  }
  expect_still_serving();
}

TEST_F(HubRobustness, MalformedEscapesAreBadRequests) {
  EXPECT_EQ(http_get(url("/org/model/resolve/main/%zz")).status, 400);
  EXPECT_EQ(http_get(url("/org/model/resolve/ma%4")).status, 400);
  EXPECT_EQ(http_get(url("/api/models/org/model/revision/%00")).status, 400);
  EXPECT_EQ(http_get(url("/api/models/org%2F..%2Fx/model"), {bearer()}).status, 404);
}

TEST_F(HubRobustness, OversizedBodyIs413) {
  HttpOptions post;
  post.method = "POST";
  post.headers = {"Content-Type: application/json"};
  post.body = std::string(17 << 20, ' ');
  const auto r = http_request(url("/api/models/org/model/paths-info/main"), post);
  EXPECT_EQ(r.status, 413);
  expect_still_serving();
}

TEST_F(HubRobustness, DeeplyNestedJsonIsABadRequest) {
  HttpOptions post;
  post.method = "POST";
  post.headers = {"Content-Type: application/json"};
  post.body = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_EQ(http_request(url("/api/models/org/model/paths-info/main"), post).status, 400);
  expect_still_serving();
}

TEST_F(HubRobustness, ManyConcurrentDownloads) {
  const std::string content = main_files.at("weights/model.safetensors");
  const std::string object = hub.cdn_url() + "/cdn/" + sha256_hex(content);
  std::vector<std::future<std::string>> downloads;
  for (int i = 0; i < 32; ++i) {
    downloads.push_back(std::async(std::launch::async, [&, i] {
      return http_get(object, {"Range: bytes=" + std::to_string(i * 1000) + "-"}).body;
    }));
  }
  for (int i = 0; i < 32; ++i)
    EXPECT_EQ(downloads[i].get(), content.substr(static_cast<size_t>(i) * 1000)) << i;
}

TEST_F(HubRobustness, ClientsThatVanishMidBodyDoNotHurt) {
  const std::string content = main_files.at("weights/model.safetensors");
  const std::string object = hub.cdn_url() + "/cdn/" + sha256_hex(content);
  hub.set_faults({{"listener", "cdn"}, {"rate_bytes_per_sec", 200'000}, {"times", 1}});
  HttpOptions impatient;
  impatient.timeout = std::chrono::milliseconds(200);
  EXPECT_EQ(http_request(object, impatient).code, CURLE_OPERATION_TIMEDOUT);
  const auto raw = raw_http_exchange(
      hub.cdn_url(), "GET /cdn/" + sha256_hex(content) + " HTTP/1.1\r\nHost: x\r\n\r\n",
      std::chrono::milliseconds(1));
  (void)raw;
  EXPECT_EQ(http_get(object).body, content);
  const auto log = hub.requests(std::chrono::seconds(5));
  EXPECT_EQ(log[0]["state"], "aborted");
}

}  // namespace
}  // namespace tf::test
