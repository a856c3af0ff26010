// The stand-in hub's parsers and pure functions, tested directly (tf_hub library).
#include <gtest/gtest.h>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "tools/hub/cli/byte_size.hpp"
#include "tools/hub/http/byte_ranges.hpp"
#include "tools/hub/http/fault_rule.hpp"
#include "tools/hub/http/http_date.hpp"
#include "tools/hub/http/listening_socket.hpp"
#include "tools/hub/http/percent_encoding.hpp"
#include "tools/hub/http/relative_path.hpp"
#include "tools/hub/http/representation.hpp"
#include "tools/hub/protocol/base64.hpp"
#include "tools/hub/store/commit_tree.hpp"
#include "tools/hub/store/git_objects.hpp"
#include "tools/hub/store/iso_time.hpp"
#include "tools/hub/store/names.hpp"
#include "tools/hub/store/pseudo_random_stream.hpp"

namespace tf::hub {
namespace {

using http::ByteRange;
using http::RangeOutcome;
using http::select_ranges;

TEST(HubUnits, RangeSelection) {
  EXPECT_EQ(select_ranges(std::nullopt, 10).outcome, RangeOutcome::full);
  const auto one = select_ranges("bytes=2-4", 10);
  EXPECT_EQ(one.outcome, RangeOutcome::partial);
  EXPECT_EQ(one.ranges, (std::vector<ByteRange>{{2, 4}}));
  EXPECT_EQ(select_ranges("bytes=-3", 10).ranges, (std::vector<ByteRange>{{7, 9}}));
  EXPECT_EQ(select_ranges("bytes=8-", 10).ranges, (std::vector<ByteRange>{{8, 9}}));
  EXPECT_EQ(select_ranges("bytes=0-0,,5-6", 10).ranges, (std::vector<ByteRange>{{0, 0}, {5, 6}}));
  EXPECT_EQ(select_ranges("bytes=0-1", 0).outcome, RangeOutcome::unsatisfiable);
  EXPECT_EQ(select_ranges("bytes=-5", 0).outcome, RangeOutcome::unsatisfiable);
  EXPECT_EQ(select_ranges("bytes=10-", 10).outcome, RangeOutcome::unsatisfiable);
  EXPECT_EQ(select_ranges("bytes=5-4", 10).outcome, RangeOutcome::full);
  EXPECT_EQ(select_ranges("bytes=+1-2", 10).outcome, RangeOutcome::full);
  std::string many = "bytes=0-0";
  for (size_t i = 0; i < http::kMaxRangesPerRequest; ++i)
    many += ",0-0";
  EXPECT_EQ(select_ranges(many, 10).outcome, RangeOutcome::full);
}

TEST(HubUnits, IfRange) {
  EXPECT_TRUE(http::if_range_matches(std::nullopt, "\"a\"", std::nullopt));
  EXPECT_TRUE(http::if_range_matches("\"a\"", "\"a\"", std::nullopt));
  EXPECT_FALSE(http::if_range_matches("\"b\"", "\"a\"", std::nullopt));
  EXPECT_FALSE(http::if_range_matches("W/\"a\"", "\"a\"", std::nullopt));
  const std::time_t t = 784111777;
  EXPECT_EQ(http::format_http_date(t), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(http::parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), t);
  EXPECT_TRUE(http::if_range_matches("Sun, 06 Nov 1994 08:49:37 GMT", "\"a\"", t));
  EXPECT_FALSE(http::if_range_matches("Sun, 06 Nov 1994 08:49:38 GMT", "\"a\"", t));
  EXPECT_FALSE(http::parse_http_date("Sunday, 06-Nov-94 08:49:37 GMT").has_value());
}

TEST(HubUnits, ListenAddresses) {
  const auto a = http::parse_listen_address("127.0.0.2:8080");
  EXPECT_EQ(a.host, "127.0.0.2");
  EXPECT_EQ(a.port, 8080);
  for (const char* bad : {"0.0.0.0:1", "128.0.0.1:1", "127.0.0.1", "127.0.0.1:x", "127.0.0.1:65536",
                          ":80", "127.1:80"}) {
    EXPECT_THROW(http::parse_listen_address(bad), Error) << bad;
  }
}

TEST(HubUnits, RelativePaths) {
  EXPECT_EQ(http::decode_relative_path("a/b%20c.txt"), "a/b c.txt");
  EXPECT_EQ(http::decode_relative_path("a%2Fb"), "a/b");
  for (const char* bad : {"", "/a", "a/", "a//b", "..", "a/../b", "%2e%2e", "a/%2E", "a%5cb",
                          "a%00b", "%0a", "%zz", "%2", "a\\b"}) {
    EXPECT_FALSE(http::decode_relative_path(bad).has_value()) << bad;
  }
  EXPECT_EQ(http::percent_decode("a+b", true), "a b");
  EXPECT_EQ(http::percent_decode("a+b"), "a+b");
  EXPECT_EQ(http::percent_encode("a b/c~", "/"), "a%20b/c~");
}

TEST(HubUnits, FaultRulesRoundTrip) {
  const nlohmann::json json = {
      {"listener", "cdn"}, {"method", "GET"},  {"path_glob", "/cdn/*"},  {"times", 2},
      {"status", 503},     {"retry_after", 1}, {"stall_after_bytes", 5}, {"stall_ms", 10}};
  const auto rule = http::fault_rule_from_json(json);
  EXPECT_TRUE(rule.match.matches(http::Listener::cdn, "GET", "/cdn/abc"));
  EXPECT_FALSE(rule.match.matches(http::Listener::hub, "GET", "/cdn/abc"));
  EXPECT_FALSE(rule.match.matches(http::Listener::cdn, "HEAD", "/cdn/abc"));
  EXPECT_FALSE(rule.match.matches(http::Listener::cdn, "GET", "/files/abc"));
  EXPECT_TRUE(rule.actions.alters_body());
  EXPECT_EQ(http::to_json(rule), json);
}

TEST(HubUnits, PseudoRandomStreamDoesNotDependOnChunking) {
  std::vector<uint8_t> whole(1000);
  store::PseudoRandomStream(7, "a/b").fill(whole);
  std::vector<uint8_t> pieces(1000);
  store::PseudoRandomStream stream(7, "a/b");
  size_t at = 0;
  for (const size_t n : {1, 3, 8, 13, 100, 875}) {
    stream.fill(std::span(pieces).subspan(at, n));
    at += n;
  }
  EXPECT_EQ(whole, pieces);
  std::vector<uint8_t> other(1000);
  store::PseudoRandomStream(7, "a/c").fill(other);
  EXPECT_NE(whole, other);
}

TEST(HubUnits, GitObjectIds) {
  EXPECT_EQ(store::git_tree_oid({}),
            "4b825dc642cb6eb9a060e54bf8d69288fbee4904");  // git's empty tree
  EXPECT_EQ(store::git_blob_oid("hello\n"), "ce013625030ba8dba906f756967f9e9ca394464a");
  EXPECT_EQ(store::lfs_pointer_text(std::string(64, 'a'), 123456789).size(), 134u);
}

TEST(HubUnits, DepthFirstOrderKeepsSubtreesTogether) {
  std::vector<std::string> paths = {"a-b", "a/x", "a", "a/b/c", "b", "a.txt", "a/b"};
  std::sort(paths.begin(), paths.end(), store::depth_first_less);
  EXPECT_EQ(paths, (std::vector<std::string>{"a", "a/b", "a/b/c", "a/x", "a-b", "a.txt", "b"}));
}

TEST(HubUnits, NamesAndDates) {
  EXPECT_TRUE(store::is_valid_repo_id("org/name-1.2_x"));
  for (const char* bad :
       {"org", "org/", "/name", "org/na/me", "api/x", ".org/x", "org/-x", "o g/x"})
    EXPECT_FALSE(store::is_valid_repo_id(bad)) << bad;
  EXPECT_TRUE(store::is_valid_ref_name("refs/pr/1"));
  const std::string commit_like(40, 'a');
  for (const char* bad : {"HEAD", "a..b", "/a", "a/", "a b", "x.lock", commit_like.c_str()})
    EXPECT_FALSE(store::is_valid_ref_name(bad)) << bad;
  EXPECT_EQ(store::parse_iso_time("2024-01-01T00:00:00Z"), 1704067200);
  EXPECT_EQ(store::parse_iso_time("2024-01-01T00:00:00.123Z"), 1704067200);
  EXPECT_FALSE(store::parse_iso_time("2024-01-01 00:00:00Z").has_value());
  EXPECT_FALSE(store::parse_iso_time("2024-13-01T00:00:00Z").has_value());
  EXPECT_EQ(store::format_iso_time(1704067260), "2024-01-01T00:01:00.000Z");
}

TEST(HubUnits, ByteSizesAndBase64) {
  EXPECT_EQ(cli::parse_byte_size("4096"), 4096u);
  EXPECT_EQ(cli::parse_byte_size("4K"), 4096u);
  EXPECT_EQ(cli::parse_byte_size("10MiB"), 10u << 20);
  EXPECT_EQ(cli::parse_byte_size("2gb"), 2ull << 30);
  for (const char* bad : {"", "K", "1.5G", "-1", "1Q", "99999999999T"})
    EXPECT_THROW(cli::parse_byte_size(bad), Error) << bad;
  EXPECT_EQ(protocol::decode_base64("aGk="), "hi");
  EXPECT_EQ(protocol::decode_base64("aGlq"), "hij");
  EXPECT_EQ(protocol::decode_base64(""), "");
  EXPECT_FALSE(protocol::decode_base64("aGk").has_value());
  EXPECT_FALSE(protocol::decode_base64("a!!=").has_value());
}

}  // namespace
}  // namespace tf::hub
