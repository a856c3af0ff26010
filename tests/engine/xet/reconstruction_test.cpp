#include "engine/xet/reconstruction.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "io/error.hpp"

using nlohmann::json;
using tf::xet::parse_reconstruction;
using tf::xet::Reconstruction;

namespace {

const std::string xorb_a = "a1" + std::string(62, '0');
const std::string xorb_b = "b2" + std::string(62, '1');

// A valid v2 reconstruction: terms A[0,4) (263873 bytes) then B[2,3), with A fetched by two
// URLs and B by one URL with two ranges.
json valid_v2() {
  return json::parse(R"({
    "offset_into_first_range": 7,
    "terms": [
      {"hash": ")" + xorb_a +
                     R"(", "unpacked_length": 263873, "range": {"start": 0, "end": 4}},
      {"hash": ")" + xorb_b +
                     R"(", "unpacked_length": 1000, "range": {"start": 2, "end": 3}}
    ],
    "xorbs": {
      ")" + xorb_a + R"(": [
        {"url": "https://cas.example/xorb/a?sig=1",
         "ranges": [{"chunks": {"start": 0, "end": 4}, "bytes": {"start": 0, "end": 131071}}]},
        {"url": "http://127.0.0.1:8080/xorb/a2",
         "ranges": [{"chunks": {"start": 6, "end": 7}, "bytes": {"start": 200000, "end": 200099}}]}
      ],
      ")" + xorb_b + R"(": [
        {"url": "https://cas.example/xorb/b",
         "ranges": [{"chunks": {"start": 0, "end": 1}, "bytes": {"start": 0, "end": 99}},
                    {"chunks": {"start": 2, "end": 3}, "bytes": {"start": 500, "end": 1507}}]}
      ]
    },
    "unknown_field": [1, 2, 3]
  })");
}

json valid_v1() {
  return json::parse(R"({
    "offset_into_first_range": 0,
    "terms": [
      {"hash": ")" + xorb_a +
                     R"(", "unpacked_length": 300, "range": {"start": 1, "end": 3}}
    ],
    "fetch_info": {
      ")" + xorb_a + R"(": [
        {"range": {"start": 0, "end": 3}, "url": "https://cas.example/a",
         "url_range": {"start": 0, "end": 499}}
      ]
    }
  })");
}

// Applies `mutate` to a valid reconstruction and expects a protocol error mentioning `needle`.
void expect_rejected(json document, const std::function<void(json&)>& mutate,
                     const std::string& needle, tf::xet::ReconstructionLimits limits = {}) {
  mutate(document);
  try {
    parse_reconstruction(document.dump(), limits);
    FAIL() << "accepted " << document.dump() << "\nexpected an error mentioning '" << needle << "'";
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos)
        << "message: " << e.what() << "\nexpected: " << needle;
  }
}

void expect_v2_rejected(const std::function<void(json&)>& mutate, const std::string& needle) {
  expect_rejected(valid_v2(), mutate, needle);
}

json& a_fetch(json& document) {
  return document["xorbs"][xorb_a][0];
}
json& a_range(json& document) {
  return a_fetch(document)["ranges"][0];
}

}  // namespace

TEST(Reconstruction, ParsesV2) {
  const Reconstruction r = parse_reconstruction(valid_v2().dump());
  EXPECT_EQ(r.offset_into_first_range, 7u);
  ASSERT_EQ(r.terms.size(), 2u);
  EXPECT_EQ(r.terms[0].xorb.hex(), xorb_a);
  EXPECT_EQ(r.terms[0].chunks, (tf::xet::ChunkRange{0, 4}));
  EXPECT_EQ(r.terms[0].unpacked_length, 263873u);
  EXPECT_EQ(r.unpacked_length(), 264873u);
  EXPECT_EQ(r.data_length(), 264866u);
  const auto& a = r.xorbs.at(tf::xet::MerkleHash::from_hex(xorb_a));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0].url, "https://cas.example/xorb/a?sig=1");
  EXPECT_EQ(a[1].ranges[0].bytes, (tf::xet::ByteRange{200000, 200099}));
  const auto& b = r.xorbs.at(tf::xet::MerkleHash::from_hex(xorb_b));
  ASSERT_EQ(b[0].ranges.size(), 2u);
  EXPECT_EQ(b[0].ranges[1].chunks, (tf::xet::ChunkRange{2, 3}));
}

TEST(Reconstruction, ParsesV1IntoTheSameShape) {
  const Reconstruction r = parse_reconstruction(valid_v1().dump());
  ASSERT_EQ(r.terms.size(), 1u);
  const auto& fetches = r.xorbs.at(tf::xet::MerkleHash::from_hex(xorb_a));
  ASSERT_EQ(fetches.size(), 1u);
  EXPECT_EQ(fetches[0].url, "https://cas.example/a");
  EXPECT_EQ(fetches[0].ranges, (std::vector<tf::xet::XorbFetchRange>{{{0, 3}, {0, 499}}}));
}

TEST(Reconstruction, JsonRoundTripsInBothVersions) {
  const Reconstruction r = parse_reconstruction(valid_v2().dump());
  EXPECT_EQ(parse_reconstruction(tf::xet::to_json_v2(r)), r);
  // v1 has one range per entry: B's two-range fetch becomes two entries with the same URL.
  Reconstruction split = r;
  auto& b = split.xorbs.at(tf::xet::MerkleHash::from_hex(xorb_b));
  b = {{b[0].url, {b[0].ranges[0]}}, {b[0].url, {b[0].ranges[1]}}};
  EXPECT_EQ(parse_reconstruction(tf::xet::to_json_v1(r)), split);
  const auto v1 = json::parse(tf::xet::to_json_v1(r));
  EXPECT_TRUE(v1.contains("fetch_info"));
  EXPECT_FALSE(v1.contains("xorbs"));
}

TEST(Reconstruction, AcceptsAnEmptyFile) {
  const Reconstruction r =
      parse_reconstruction(R"({"offset_into_first_range":0,"terms":[],"xorbs":{}})");
  EXPECT_TRUE(r.terms.empty());
  EXPECT_EQ(r.data_length(), 0u);
}

TEST(Reconstruction, RejectsNonJsonAndWrongShapes) {
  for (const char* bad : {"", "{", "[]", "null", "\"x\"", "{\"terms\":[]}", "\xff\xfe"}) {
    EXPECT_THROW(parse_reconstruction(bad), tf::Error) << bad;
  }
  expect_v2_rejected([](json& d) { d.erase("terms"); }, "has no \"terms\"");
  expect_v2_rejected([](json& d) { d["terms"] = json::object(); }, "terms: is not an array");
  expect_v2_rejected([](json& d) { d.erase("offset_into_first_range"); },
                     "has no \"offset_into_first_range\"");
  expect_v2_rejected([](json& d) { d.erase("xorbs"); }, "neither \"xorbs\" nor \"fetch_info\"");
  expect_v2_rejected([](json& d) { d["xorbs"] = json::array(); }, "xorbs: is not a JSON object");
  expect_v2_rejected([](json& d) { d["terms"][0] = 5; }, "terms[0]: is not a JSON object");
  expect_v2_rejected([](json& d) { d["terms"][0]["range"] = "0-4"; },
                     "terms[0].range: is not a JSON object");
}

TEST(Reconstruction, RejectsBadNumbers) {
  expect_v2_rejected([](json& d) { d["offset_into_first_range"] = -1; }, "non-negative integer");
  expect_v2_rejected([](json& d) { d["offset_into_first_range"] = 1.5; }, "non-negative integer");
  expect_v2_rejected([](json& d) { d["offset_into_first_range"] = "7"; }, "non-negative integer");
  expect_v2_rejected([](json& d) { d["terms"][0]["unpacked_length"] = 1e30; },
                     "non-negative integer");
  expect_v2_rejected([](json& d) { d["terms"][0]["unpacked_length"] = nullptr; },
                     "non-negative integer");
}

TEST(Reconstruction, RejectsBadHashes) {
  expect_v2_rejected([](json& d) { d["terms"][0]["hash"] = xorb_a.substr(1); },
                     "terms[0].hash: '" + xorb_a.substr(1) + "' is not a Xet hash");
  expect_v2_rejected([](json& d) { d["terms"][0]["hash"] = "g" + xorb_a.substr(1); },
                     "is not a Xet hash");
  expect_v2_rejected([](json& d) { d["terms"][1]["hash"] = 12; }, "terms[1].hash: is not a string");
  expect_v2_rejected([](json& d) { d["xorbs"]["nothex"] = d["xorbs"][xorb_a]; },
                     "xorbs[\"nothex\"]: 'nothex' is not a Xet hash");
}

TEST(Reconstruction, RejectsBadChunkRanges) {
  expect_v2_rejected([](json& d) { d["terms"][0]["range"]["end"] = 0; }, "is empty");
  expect_v2_rejected(
      [](json& d) {
        d["terms"][1]["range"] = {{"start", 3}, {"end", 2}};
      },
      "chunk range 3..2 is empty");
  expect_v2_rejected([](json& d) { d["terms"][0]["range"]["end"] = 8193; }, "exceeds 8192");
  expect_v2_rejected([](json& d) { d["terms"][0]["range"].erase("start"); },
                     "terms[0].range: has no \"start\"");
  expect_v2_rejected([](json& d) { a_range(d)["chunks"]["start"] = 4; },
                     "xorbs[\"" + xorb_a + "\"][0].ranges[0].chunks: chunk range 4..4 is empty");
}

TEST(Reconstruction, RejectsImplausibleUnpackedLengths) {
  expect_v2_rejected([](json& d) { d["terms"][0]["unpacked_length"] = 3; },
                     "3 bytes cannot fill 4 non-empty chunks");
  expect_v2_rejected([](json& d) { d["terms"][0]["unpacked_length"] = 4 * 131072 + 1; },
                     "exceeds 524288");
}

TEST(Reconstruction, RejectsBadByteRanges) {
  expect_v2_rejected(
      [](json& d) {
        a_range(d)["bytes"] = {{"start", 10}, {"end", 9}};
      },
      "byte range 10-9 ends before it starts");
  expect_v2_rejected([](json& d) { a_range(d)["bytes"]["end"] = 128ULL << 20; },
                     "exceeds 134217727");
  // Four chunks need at least 4 * 9 bytes, and at most 4 * (8 + 135168).
  expect_v2_rejected(
      [](json& d) {
        a_range(d)["bytes"] = {{"start", 0}, {"end", 34}};
      },
      "35 bytes cannot hold 4 chunks");
  expect_v2_rejected(
      [](json& d) {
        a_range(d)["bytes"] = {{"start", 0}, {"end", 600000}};
      },
      "600001 bytes cannot hold 4 chunks");
  expect_v2_rejected([](json& d) { a_fetch(d)["ranges"] = json::array(); }, "ranges: is empty");
  expect_v2_rejected([](json& d) { d["xorbs"][xorb_a] = json::array(); },
                     "is not a non-empty array");
}

TEST(Reconstruction, RejectsRangesThatDoNotAscend) {
  const auto b_ranges = [](json& d) -> json& { return d["xorbs"][xorb_b][0]["ranges"]; };
  expect_v2_rejected([&](json& d) { std::swap(b_ranges(d)[0], b_ranges(d)[1]); },
                     "ranges[1]: overlaps or precedes the range before it");
  expect_v2_rejected(
      [&](json& d) {
        b_ranges(d)[1]["bytes"] = {{"start", 99}, {"end", 1000}};
      },
      "overlaps or precedes");
  expect_v2_rejected([&](json& d) { b_ranges(d)[1]["chunks"]["start"] = 0; },
                     "overlaps or precedes");
}

TEST(Reconstruction, RejectsBadUrls) {
  expect_v2_rejected([](json& d) { a_fetch(d).erase("url"); }, "has no \"url\"");
  expect_v2_rejected([](json& d) { a_fetch(d)["url"] = 1; }, ".url: is not a string");
  expect_v2_rejected([](json& d) { a_fetch(d)["url"] = "ftp://x/y"; }, "is not an http(s) URL");
  expect_v2_rejected([](json& d) { a_fetch(d)["url"] = "/relative"; }, "is not an http(s) URL");
  expect_v2_rejected([](json& d) { a_fetch(d)["url"] = "https://x/y\r\nEvil: 1"; },
                     "contains spaces or control characters");
  expect_v2_rejected([](json& d) { a_fetch(d)["url"] = "https://x/a b"; },
                     "contains spaces or control characters");
  expect_v2_rejected([](json& d) { a_fetch(d)["url"] = "https://x/" + std::string(17000, 'a'); },
                     "longer than 16 KiB");
}

TEST(Reconstruction, RejectsTermsWithoutAFetchRange) {
  expect_v2_rejected([](json& d) { d["xorbs"].erase(xorb_b); },
                     "terms[1]: xorb " + xorb_b + " has no fetch information");
  // A[0,4) split over two ranges is not inside any one of them.
  expect_v2_rejected(
      [](json& d) {
        a_fetch(d)["ranges"] = json::parse(R"([
          {"chunks": {"start": 0, "end": 2}, "bytes": {"start": 0, "end": 99}},
          {"chunks": {"start": 2, "end": 4}, "bytes": {"start": 100, "end": 199}}])");
      },
      "terms[0]: chunks 0..4 of xorb " + xorb_a + " are not inside any one fetch range");
}

TEST(Reconstruction, RejectsAnOffsetOutsideTheFirstTerm) {
  expect_v2_rejected([](json& d) { d["offset_into_first_range"] = 263873; },
                     "263873 is not inside the first term (263873 bytes)");
  expect_rejected(
      json::parse(R"({"offset_into_first_range":1,"terms":[],"xorbs":{}})"), [](json&) {},
      "1 is not inside the first term (0 bytes)");
  expect_v2_rejected([](json& d) { d["offset_into_first_range"] = (1ULL << 50) + 1; }, "exceeds");
}

TEST(Reconstruction, RejectsTermsAddingUpBeyondTheLimit) {
  tf::xet::ReconstructionLimits limits;
  limits.max_unpacked_length = 264872;
  expect_rejected(
      valid_v2(), [](json&) {}, "terms: add up to more than 264872 bytes", limits);
  limits.max_unpacked_length = 264873;
  EXPECT_NO_THROW(parse_reconstruction(valid_v2().dump(), limits));
}

TEST(Reconstruction, RejectsBadV1Entries) {
  const auto entry = [](json& d) -> json& { return d["fetch_info"][xorb_a][0]; };
  expect_rejected(
      valid_v1(), [&](json& d) { entry(d).erase("url_range"); },
      "fetch_info[\"" + xorb_a + "\"][0]: has no \"url_range\"");
  expect_rejected(
      valid_v1(), [&](json& d) { entry(d)["range"]["end"] = 1; }, "terms[0]: chunks 1..3 of xorb");
  expect_rejected(
      valid_v1(), [&](json& d) { entry(d)["url_range"]["end"] = 10; },
      "11 bytes cannot hold 3 chunks");
  expect_rejected(
      valid_v1(), [&](json& d) { entry(d)["url"] = "x"; }, "not an http(s) URL");
}
