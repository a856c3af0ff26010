// Xet CAS on the hub listener (E6) and xorbs on the CDN listener (E7): reconstructions of whole
// files and of ranges, put together by engine/xet from the xorb bytes served, and the errors.
#include "hub/xet_fixture.hpp"

namespace tf::test {
namespace {

using nlohmann::json;

class HubXetCas : public HubXetTest {
 protected:
  void SetUp() override {
    HubXetTest::SetUp();
    token = xet_read_token(hub, "org/xet");
  }
  HttpResult cas_get(const std::string& version, const std::string& hash,
                     std::vector<std::string> headers) const {
    return http_get(url("/cas/" + version + "/reconstructions/" + hash), std::move(headers));
  }
  // The first xorb URL and its first byte range in a v2 reconstruction of the file or a range.
  std::pair<std::string, json> first_fetch(
      std::optional<xet::ByteRange> range = std::nullopt) const {
    const auto body = json::parse(fetch_reconstruction(hub, "v2", model_xet_hash, token, range));
    const auto& fetch = body.at("xorbs").begin().value().at(0);
    return {fetch.at("url"), fetch.at("ranges").at(0).at("bytes")};
  }

  std::string token;
};

TEST_F(HubXetCas, WholeFileV2ReassemblesToTheFileBytes) {
  const std::string answer = fetch_reconstruction(hub, "v2", model_xet_hash, token);
  const auto body = json::parse(answer);
  EXPECT_EQ(body.at("offset_into_first_range"), 0);
  EXPECT_FALSE(body.contains("fetch_info"));
  for (const auto& [xorb, fetches] : body.at("xorbs").items()) {
    EXPECT_EQ(fetches.at(0).at("url").get<std::string>().rfind(
                  hub.cdn_url() + "/xorb/default/" + xorb + "?X-Xet-Signed-Range=bytes%3D", 0),
              0u);
  }
  const auto assembly = assemble(answer);
  EXPECT_EQ(assembly.bytes.size(), kModelSize);
  EXPECT_EQ(sha256_hex(assembly.bytes), model_sha256);
  EXPECT_EQ(assembly.bytes, model_bytes);
}

TEST_F(HubXetCas, WholeFileV1ReassemblesToTheFileBytes) {
  const std::string answer = fetch_reconstruction(hub, "v1", model_xet_hash, token);
  const auto body = json::parse(answer);
  EXPECT_TRUE(body.contains("fetch_info"));
  EXPECT_FALSE(body.contains("xorbs"));
  for (const auto& [xorb, entries] : body.at("fetch_info").items()) {
    EXPECT_TRUE(entries.at(0).contains("url_range"));
  }
  EXPECT_EQ(sha256_hex(assemble(answer).bytes), model_sha256);
}

TEST_F(HubXetCas, RangesReassembleToTheirBytes) {
  const std::vector<xet::ByteRange> ranges{
      {0, 0}, {1, 100'000}, {1'000'000, 2'500'000}, {kModelSize - 10, kModelSize - 1}};
  for (const auto& range : ranges) {
    for (const std::string version : {"v1", "v2"}) {
      const std::string answer = fetch_reconstruction(hub, version, model_xet_hash, token, range);
      const auto assembly = assemble(answer, range);
      EXPECT_EQ(assembly.bytes, model_bytes.substr(range.first, range.length()))
          << version << " " << range.first << "-" << range.last;
    }
  }
  // An end past the file is clamped; an open end means the rest of the file.
  const xet::ByteRange tail{kModelSize - 5000, kModelSize - 1};
  for (const std::string& range : {"bytes=" + std::to_string(tail.first) + "-",
                                   "bytes=" + std::to_string(tail.first) + "-99999999999"}) {
    const auto r = cas_get("v2", model_xet_hash, {bearer(token), "Range: " + range});
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(assemble(r.body, tail).bytes, model_bytes.substr(tail.first));
  }
}

TEST_F(HubXetCas, Errors) {
  const std::string size = std::to_string(kModelSize);
  auto r = cas_get("v2", model_xet_hash, {bearer(token), "Range: bytes=" + size + "-"});
  EXPECT_EQ(r.status, 416);
  EXPECT_EQ(r.header("content-range"), "bytes */" + size);
  EXPECT_EQ(
      cas_get("v1", model_xet_hash, {bearer(token), "Range: bytes=" + size + "-" + size}).status,
      416);
  EXPECT_EQ(cas_get("v2", std::string(64, 'a'), {bearer(token)}).status, 404);
  EXPECT_EQ(cas_get("v2", "abc", {bearer(token)}).status, 400);
  EXPECT_EQ(cas_get("v2", std::string(64, 'g'), {bearer(token)}).status, 400);
  EXPECT_EQ(cas_get("v2", model_xet_hash, {bearer(token), "Range: items=1-2"}).status, 400);
  r = cas_get("v2", model_xet_hash, {});
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(json::parse(r.body).contains("error"));
  EXPECT_EQ(cas_get("v2", model_xet_hash, {bearer("xet_unknown")}).status, 401);
  EXPECT_EQ(cas_get("v2", model_xet_hash, {bearer()}).status, 401);  // a hub token is no Xet token
  EXPECT_EQ(cas_get("v3", model_xet_hash, {bearer(token)}).status, 404);
}

TEST_F(HubXetCas, EmptyFileHasNoTerms) {
  const std::string empty_hash = tree_entry("empty.bin").at("xetHash");
  const auto r = cas_get("v2", empty_hash, {bearer(token)});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(json::parse(r.body).at("terms").empty());
  EXPECT_EQ(cas_get("v2", empty_hash, {bearer(token), "Range: bytes=0-0"}).status, 416);
}

TEST_F(HubXetCas, XorbUrlsAreCheckedAndNeedNoAuthorization) {
  const auto [xorb_url, bytes] = first_fetch();
  const uint64_t first = bytes.at("start");
  const uint64_t last = bytes.at("end");
  const std::string inside = "Range: bytes=" + std::to_string(first) + "-" + std::to_string(last);
  auto r = http_get(xorb_url, {inside});
  ASSERT_EQ(r.status, 206) << r.body;
  EXPECT_EQ(r.body.size(), last - first + 1);
  EXPECT_EQ(static_cast<uint8_t>(r.body[0]), 0);  // a chunk header: version 0

  // The signature covers the xorb, the range and the expiry.
  std::string bad_signature = xorb_url;
  bad_signature.back() = bad_signature.back() == '0' ? '1' : '0';
  EXPECT_EQ(http_get(bad_signature, {inside}).status, 403);
  const auto expires_at = xorb_url.find("&Expires=") + 9;
  std::string later = xorb_url;
  later[expires_at] = later[expires_at] == '9' ? '8' : '9';
  EXPECT_EQ(http_get(later, {inside}).status, 403);
  std::string no_signature = xorb_url.substr(0, xorb_url.find("&Signature="));
  EXPECT_EQ(http_get(no_signature, {inside}).status, 403);
  // Every requested byte must be inside the signed range: the URL for the file's first byte
  // covers its first chunk only.
  const auto [chunk_url, chunk_bytes] = first_fetch(xet::ByteRange{0, 0});
  const uint64_t chunk_end = chunk_bytes.at("end");
  ASSERT_LT(chunk_end, last);
  EXPECT_EQ(http_get(chunk_url, {"Range: bytes=0-" + std::to_string(chunk_end)}).status, 206);
  EXPECT_EQ(http_get(chunk_url, {"Range: bytes=0-" + std::to_string(chunk_end + 1)}).status, 403);
  EXPECT_EQ(http_get(chunk_url, {"Range: bytes=0-10," + std::to_string(chunk_end + 1) + "-" +
                                 std::to_string(chunk_end + 9)})
                .status,
            403);
  EXPECT_EQ(http_get(chunk_url).status, 403);  // no Range: the whole xorb
  // A signed URL for another xorb is no key to this one.
  const auto hash_at = xorb_url.find("/xorb/default/") + 14;
  std::string other = xorb_url;
  other[hash_at] = other[hash_at] == 'a' ? 'b' : 'a';
  EXPECT_EQ(http_get(other, {inside}).status, 403);
  EXPECT_EQ(http_get(hub.cdn_url() + "/xorb/default/xyz?Signature=1", {inside}).status, 400);
}

TEST_F(HubXetCas, SeveralRangesComeAsMultipart) {
  const auto [xorb_url, bytes] = first_fetch();
  const uint64_t first = bytes.at("start");
  const uint64_t last = bytes.at("end");
  ASSERT_GT(last - first, 100u);
  const auto whole =
      http_get(xorb_url, {"Range: bytes=" + std::to_string(first) + "-" + std::to_string(last)});
  ASSERT_EQ(whole.status, 206);
  const std::string header = "Range: bytes=" + std::to_string(first) + "-" +
                             std::to_string(first + 9) + "," + std::to_string(first + 50) + "-" +
                             std::to_string(last);
  const auto r = http_get(xorb_url, {header});
  ASSERT_EQ(r.status, 206);
  EXPECT_EQ(r.header("content-type")->rfind("multipart/byteranges; boundary=", 0), 0u);
  const auto parts = parse_multipart(*r.header("content-type"), r.body);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].bytes, whole.body.substr(0, 10));
  EXPECT_EQ(parts[1].bytes, whole.body.substr(50));
}

TEST_F(HubXetCas, RequestLogShowsTheXetPathAndXorbBytes) {
  hub.clear_requests();
  const auto assembly = assemble(fetch_reconstruction(hub, "v2", model_xet_hash, token));
  ASSERT_EQ(assembly.bytes, model_bytes);
  size_t cas = 0;
  size_t xorbs = 0;
  uint64_t xorb_bytes = 0;
  for (const auto& entry : hub.requests()) {
    const std::string target = entry.at("target");
    if (entry.at("listener") == "hub" && target.rfind("/cas/v2/reconstructions/", 0) == 0) ++cas;
    if (entry.at("listener") == "cdn" && target.rfind("/xorb/default/", 0) == 0) {
      ++xorbs;
      EXPECT_EQ(entry.at("status"), 206);
      EXPECT_TRUE(entry.at("authorization").is_null());
      xorb_bytes += entry.at("body_bytes").get<uint64_t>();
    }
    EXPECT_EQ(target.find("/cdn/"), std::string::npos);
  }
  EXPECT_EQ(cas, 1u);
  EXPECT_EQ(xorbs, assembly.xorb_requests);
  // Mixed content compresses: fewer xorb bytes than file bytes, but more than a third.
  EXPECT_LT(xorb_bytes, kModelSize);
  EXPECT_GT(xorb_bytes, kModelSize / 3);
}

TEST_F(HubXetCas, FaultsApplyToXorbs) {
  hub.set_faults(json::array({{{"listener", "cdn"},
                               {"path_prefix", "/xorb/"},
                               {"status", 503},
                               {"retry_after", 1},
                               {"times", 1}}}));
  const auto [xorb_url, bytes] = first_fetch();
  const std::string range = "Range: bytes=" + std::to_string(bytes.at("start").get<uint64_t>()) +
                            "-" + std::to_string(bytes.at("end").get<uint64_t>());
  const auto refused = http_get(xorb_url, {range});
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(refused.header("retry-after"), "1");
  const auto good = http_get(xorb_url, {range});
  ASSERT_EQ(good.status, 206);

  hub.set_faults(json::array({{{"listener", "cdn"},
                               {"path_prefix", "/xorb/"},
                               {"flip_byte_at", bytes.at("start").get<uint64_t>() + 3},
                               {"times", 1}}}));
  auto flipped = http_get(xorb_url, {range});
  ASSERT_EQ(flipped.status, 206);
  ASSERT_EQ(flipped.body.size(), good.body.size());
  EXPECT_NE(flipped.body, good.body);

  hub.set_faults(json::array({{{"listener", "cdn"},
                               {"path_prefix", "/xorb/"},
                               {"close_after_bytes", 100},
                               {"times", 1}}}));
  const auto cut = http_get(xorb_url, {range});
  EXPECT_NE(cut.code, CURLE_OK);
  EXPECT_EQ(http_get(xorb_url, {range}).body, good.body);
}

}  // namespace
}  // namespace tf::test
