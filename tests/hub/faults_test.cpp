// Every fault knob of the admin API, observed with libcurl.
#include <nlohmann/json.hpp>

#include "hub/hub_fixture.hpp"

namespace tf::test {
namespace {

using nlohmann::json;

class HubFaults : public HubTest {
 protected:
  void SetUp() override {
    HubTest::SetUp();
    content = main_files.at("weights/model.safetensors");
    object = hub.cdn_url() + "/cdn/" + sha256_hex(content);
  }
  std::string content;
  std::string object;
};

TEST_F(HubFaults, StatusWithRetryAfterForTheFirstRequests) {
  hub.set_faults(
      json::array({{{"listener", "cdn"}, {"status", 503}, {"retry_after", 2}, {"times", 2}}}));
  for (int i = 0; i < 2; ++i) {
    const auto r = http_get(object);
    EXPECT_EQ(r.status, 503);
    EXPECT_EQ(r.header("retry-after"), "2");
  }
  EXPECT_EQ(http_get(object).status, 200);
  const auto rules = hub.faults();
  EXPECT_EQ(rules[0]["remaining"], 0);
  EXPECT_EQ(rules[0]["applied"], 2);
  const auto log = hub.requests();
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0]["fault_rule"], 0);
  EXPECT_EQ(log[0]["status"], 503);
  EXPECT_TRUE(log[2]["fault_rule"].is_null());
}

TEST_F(HubFaults, RulesMatchByListenerPathAndMethod) {
  hub.set_faults(json::array({{{"listener", "hub"},
                               {"path_glob", "/org/*/resolve/main/weights/*"},
                               {"method", "GET"},
                               {"status", 429}},
                              {{"listener", "hub"}, {"path_prefix", "/cdn/"}, {"status", 500}}}));
  EXPECT_EQ(http_get(url("/org/model/resolve/main/weights/small.dat")).status, 429);
  EXPECT_EQ(http_get(url("/org/model/resolve/main/config.json")).status, 200);
  HttpOptions head;
  head.method = "HEAD";
  EXPECT_EQ(http_request(url("/org/model/resolve/main/weights/small.dat"), head).status, 200);
  EXPECT_EQ(http_get(object).status, 200);  // the second rule is for the hub listener only
  hub.clear_faults();
  EXPECT_EQ(http_get(url("/org/model/resolve/main/weights/small.dat")).status, 200);
}

TEST_F(HubFaults, ApiEndpointsFailToo) {
  hub.set_faults({{"path_prefix", "/api/"}, {"status", 500}, {"times", 1}});
  EXPECT_EQ(http_get(url("/api/models/org/model/tree/main")).status, 500);
  EXPECT_EQ(http_get(url("/api/models/org/model/tree/main")).status, 200);
}

TEST_F(HubFaults, DelayBeforeHeaders) {
  hub.set_faults({{"listener", "cdn"}, {"delay_ms", 400}});
  const auto r = http_get(object, {"Range: bytes=0-0"});
  EXPECT_EQ(r.status, 206);
  EXPECT_GE(r.seconds, 0.39);
}

TEST_F(HubFaults, CloseAfterBytesTruncatesTheBody) {
  hub.set_faults({{"listener", "cdn"}, {"close_after_bytes", 1000}});
  const auto r = http_get(object);
  EXPECT_EQ(r.code, CURLE_PARTIAL_FILE) << r.error;
  EXPECT_EQ(r.header("content-length"), "300000");
  EXPECT_EQ(r.body, content.substr(0, 1000));
  const auto log = hub.requests();
  EXPECT_EQ(log[0]["state"], "aborted");
  EXPECT_EQ(log[0]["body_bytes"], 1000);
}

TEST_F(HubFaults, ResetAfterBytesResetsTheConnection) {
  hub.set_faults({{"listener", "cdn"}, {"reset_after_bytes", 70000}});
  const auto r = http_get(object, {"Range: bytes=1000-"});
  EXPECT_EQ(r.code, CURLE_RECV_ERROR) << r.error;
  EXPECT_NE(r.error.find("reset"), std::string::npos) << r.error;
  EXPECT_EQ(r.body, content.substr(1000, 70000));
}

TEST_F(HubFaults, ResetBeforeTheFirstByte) {
  hub.set_faults({{"listener", "cdn"}, {"reset_after_bytes", 0}});
  const auto r = http_get(object);
  EXPECT_NE(r.code, CURLE_OK);
  EXPECT_TRUE(r.body.empty());
}

TEST_F(HubFaults, FlipByteAtAnObjectOffset) {
  hub.set_faults({{"listener", "cdn"}, {"flip_byte_at", 12345}});
  auto expected = content;
  expected[12345] = static_cast<char>(~expected[12345]);
  EXPECT_EQ(http_get(object).body, expected);
  const auto slice = http_get(object, {"Range: bytes=12000-12999"});
  EXPECT_EQ(slice.body, expected.substr(12000, 1000));
  EXPECT_EQ(http_get(object, {"Range: bytes=0-99"}).body, content.substr(0, 100));
  const auto multi = http_get(object, {"Range: bytes=0-9,12340-12349"});
  const auto parts = parse_multipart(multi.header("content-type").value_or(""), multi.body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1].bytes, expected.substr(12340, 10));
}

TEST_F(HubFaults, FlipByteInARegularFileOfTheHub) {
  hub.set_faults({{"listener", "hub"}, {"flip_byte_at", 3}});
  const auto r = http_get(url("/org/model/resolve/main/weights/small.dat"));
  auto expected = main_files.at("weights/small.dat");
  expected[3] = static_cast<char>(~expected[3]);
  EXPECT_EQ(r.body, expected);
}

TEST_F(HubFaults, IgnoreRangeAnswersWithTheWholeBody) {
  hub.set_faults({{"listener", "cdn"}, {"ignore_range", true}, {"times", 1}});
  const auto r = http_get(object, {"Range: bytes=10-19"});
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, content);
  EXPECT_EQ(http_get(object, {"Range: bytes=10-19"}).status, 206);
  EXPECT_EQ(hub.requests()[0]["range"], "bytes=10-19");  // the log shows what was asked
}

TEST_F(HubFaults, RateLimitPacesTheBody) {
  hub.set_faults({{"listener", "cdn"}, {"rate_bytes_per_sec", 100'000}});
  const auto r = http_get(object, {"Range: bytes=0-59999"});
  EXPECT_EQ(r.body, content.substr(0, 60000));
  EXPECT_GE(r.seconds, 0.55);
  EXPECT_LT(r.seconds, 5.0);
}

TEST_F(HubFaults, StallSendsSomeBytesThenNothing) {
  hub.set_faults({{"listener", "cdn"}, {"stall_after_bytes", 4096}, {"stall_ms", 600}});
  HttpOptions options;
  const auto r = http_request(object, options);
  EXPECT_EQ(r.code, CURLE_OK);
  EXPECT_EQ(r.body, content);
  EXPECT_GE(r.seconds, 0.59);
}

TEST_F(HubFaults, StallIsSeenByALowSpeedLimit) {
  hub.set_faults({{"listener", "cdn"}, {"stall_after_bytes", 4096}, {"stall_ms", 5000}});
  HttpOptions options;
  options.timeout = std::chrono::milliseconds(1500);
  const auto r = http_request(object, options);
  EXPECT_EQ(r.code, CURLE_OPERATION_TIMEDOUT);
  EXPECT_EQ(r.body, content.substr(0, 4096));
}

TEST_F(HubFaults, ClaimedContentLength) {
  hub.set_faults({{"listener", "hub"}, {"claim_content_length", 1'000'000'000'000LL}});
  const auto r = http_get(url("/org/model/resolve/main/config.json"));
  EXPECT_EQ(r.header("content-length"), "1000000000000");
  EXPECT_EQ(r.code, CURLE_PARTIAL_FILE) << r.error;
  EXPECT_EQ(r.body, main_files.at("config.json"));
}

TEST_F(HubFaults, SeveralActionsInOneRule) {
  hub.set_faults(
      {{"listener", "cdn"}, {"delay_ms", 200}, {"flip_byte_at", 0}, {"close_after_bytes", 10}});
  const auto r = http_get(object);
  EXPECT_GE(r.seconds, 0.19);
  EXPECT_EQ(r.code, CURLE_PARTIAL_FILE);
  ASSERT_EQ(r.body.size(), 10u);
  EXPECT_EQ(r.body[0], static_cast<char>(~content[0]));
  EXPECT_EQ(r.body.substr(1), content.substr(1, 9));
}

TEST_F(HubFaults, InvalidRulesAreRejected) {
  for (const json& rule :
       {json{{"status", 503}, {"colour", "red"}}, json{{"listener", "moon"}, {"status", 500}},
        json{{"status", 42}}, json{{"times", 1}}, json{{"delay_ms", -1}},
        json{{"delay_ms", 700000}}, json{{"stall_ms", 10}}, json{{"rate_bytes_per_sec", 0}},
        json{{"retry_after", 1}}, json("rule"), json{{"status", "503"}}}) {
    EXPECT_THROW(hub.set_faults(rule), std::runtime_error) << rule.dump();
  }
  EXPECT_EQ(hub.faults().size(), 0u);
}

TEST_F(HubFaults, AdminRequestsAreNeverFaulted) {
  hub.set_faults({{"status", 500}});
  EXPECT_EQ(hub.faults().size(), 1u);
  EXPECT_EQ(http_get(url("/api/models/org/model")).status, 500);
  hub.clear_faults();
  EXPECT_EQ(http_get(url("/api/models/org/model")).status, 200);
}

}  // namespace
}  // namespace tf::test
