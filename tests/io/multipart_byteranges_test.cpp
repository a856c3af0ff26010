#include "io/multipart_byteranges.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "io/error.hpp"

using tf::io::ByteRangePart;
using tf::io::multipart_boundary;
using tf::io::MultipartByterangesParser;
using tf::io::parse_part_content_range;

namespace {

const std::string boundary = "THIS_STRING_SEPARATES";

struct Part {
  ByteRangePart range;
  std::string data;
  bool ended = false;
};

class Recorder : public MultipartByterangesParser::Listener {
 public:
  void on_part_begin(size_t part_index, const ByteRangePart& range) override {
    EXPECT_EQ(part_index, parts.size());
    if (!parts.empty()) {
      EXPECT_TRUE(parts.back().ended);
    }
    parts.push_back({range, "", false});
  }
  void on_part_data(std::span<const uint8_t> bytes) override {
    EXPECT_FALSE(bytes.empty());
    ASSERT_FALSE(parts.empty());
    EXPECT_FALSE(parts.back().ended);
    parts.back().data.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  }
  void on_part_end() override {
    ASSERT_FALSE(parts.empty());
    parts.back().ended = true;
  }
  std::vector<Part> parts;
};

std::span<const uint8_t> as_bytes(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

// A well-formed body; parts' data must match their ranges' lengths.
std::string make_body(const std::vector<Part>& parts, const std::string& preamble = "",
                      const std::string& epilogue = "") {
  std::string body = preamble.empty() ? "" : preamble + "\r\n";
  for (size_t i = 0; i < parts.size(); ++i) {
    body +=
        tf::io::multipart_part_head(boundary, parts[i].range, "application/octet-stream", i == 0);
    body += parts[i].data;
  }
  body += tf::io::multipart_closing(boundary) + epilogue;
  return body;
}

// Data that looks like delimiters without being one where the parser must look.
const std::vector<Part> tricky_parts = {
    {{0, 9, 1000}, "\r\n--THIS_S", false},
    {{100, 131, 1000}, "ab\r\n--THIS_STRING_SEPARATES\r\n\r\nx", false},
    {{500, 500, 1000}, "\r", false},
};

std::vector<Part> parse_in_pieces(const std::string& body, const std::vector<size_t>& cuts,
                                  MultipartByterangesParser::Options options = {}) {
  Recorder recorder;
  MultipartByterangesParser parser(boundary, recorder, std::move(options));
  size_t pos = 0;
  for (size_t cut : cuts) {
    parser.feed(as_bytes(body).subspan(pos, cut - pos));
    pos = cut;
  }
  parser.feed(as_bytes(body).subspan(pos));
  parser.finish();
  EXPECT_EQ(parser.parts_completed(), recorder.parts.size());
  return recorder.parts;
}

void expect_parts(const std::vector<Part>& actual, const std::vector<Part>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) {
    EXPECT_EQ(actual[i].range, expected[i].range) << "part " << i;
    EXPECT_EQ(actual[i].data, expected[i].data) << "part " << i;
    EXPECT_TRUE(actual[i].ended) << "part " << i;
  }
}

// Feeds `body` whole, then calls finish(); expects a protocol error mentioning `needle`.
void expect_rejected(const std::string& body, const std::string& needle,
                     MultipartByterangesParser::Options options = {}) {
  Recorder recorder;
  MultipartByterangesParser parser(boundary, recorder, std::move(options));
  try {
    parser.feed(as_bytes(body));
    parser.finish();
    FAIL() << "accepted a malformed body; expected an error mentioning '" << needle << "'";
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

std::string two_part_body() {
  return make_body({{{0, 3, 10}, "abcd", false}, {{6, 9, 10}, "ghij", false}});
}

}  // namespace

TEST(MultipartByteranges, ParsesPartsFedAtOnce) {
  expect_parts(parse_in_pieces(make_body(tricky_parts), {}), tricky_parts);
}

TEST(MultipartByteranges, ParsesOneByteAtATime) {
  const std::string body = make_body(tricky_parts, "preamble text", "epilogue");
  std::vector<size_t> cuts(body.size() - 1);
  for (size_t i = 0; i < cuts.size(); ++i)
    cuts[i] = i + 1;
  expect_parts(parse_in_pieces(body, cuts), tricky_parts);
}

TEST(MultipartByteranges, ParsesEverySplitInTwoAndRandomSplits) {
  const std::string body = make_body(tricky_parts, "preamble", "");
  for (size_t cut = 0; cut <= body.size(); ++cut) {
    expect_parts(parse_in_pieces(body, {cut}), tricky_parts);
  }
  std::mt19937 random(42);
  for (int round = 0; round < 200; ++round) {
    std::vector<size_t> cuts;
    for (size_t pos = 0;;) {
      pos += random() % 9;
      if (pos >= body.size()) break;
      cuts.push_back(pos);
    }
    expect_parts(parse_in_pieces(body, cuts), tricky_parts);
  }
}

TEST(MultipartByteranges, DeliversDataWithoutCopyingWhenFedAtOnce) {
  const std::string body = two_part_body();
  struct PointerCheck : Recorder {
    const uint8_t* begin = nullptr;
    const uint8_t* end = nullptr;
    void on_part_data(std::span<const uint8_t> bytes) override {
      EXPECT_GE(bytes.data(), begin);
      EXPECT_LE(bytes.data() + bytes.size(), end);
      Recorder::on_part_data(bytes);
    }
  } listener;
  listener.begin = as_bytes(body).data();
  listener.end = listener.begin + body.size();
  MultipartByterangesParser parser(boundary, listener);
  parser.feed(as_bytes(body));
  parser.finish();
  ASSERT_EQ(listener.parts.size(), 2u);
}

TEST(MultipartByteranges, AcceptsPaddingAfterTheBoundaryAndHeaderCaseVariants) {
  const std::string body =
      "--" + boundary + "  \t\r\ncontent-range:bytes 1-2/*\r\n\r\nxy\r\n--" + boundary +
      "\r\nCONTENT-RANGE:  bytes 4-4/5 \r\nX-Other: 1\r\n\r\nz\r\n--" + boundary + "--";
  const auto parts = parse_in_pieces(body, {});
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].range, (ByteRangePart{1, 2, std::nullopt}));
  EXPECT_EQ(parts[0].data, "xy");
  EXPECT_EQ(parts[1].range, (ByteRangePart{4, 4, 5}));
  EXPECT_EQ(parts[1].data, "z");
}

TEST(MultipartByteranges, ChecksExpectedRanges) {
  const std::string body = two_part_body();
  MultipartByterangesParser::Options exact;
  exact.expected_ranges = std::vector<ByteRangePart>{{0, 3, 10}, {6, 9, std::nullopt}};
  expect_parts(parse_in_pieces(body, {}, exact),
               {{{0, 3, 10}, "abcd", false}, {{6, 9, 10}, "ghij", false}});

  MultipartByterangesParser::Options three;
  three.expected_ranges = std::vector<ByteRangePart>{{0, 3, 10}, {6, 9, 10}, {10, 11, 20}};
  expect_rejected(body, "2 parts received but 3 ranges were requested", three);

  MultipartByterangesParser::Options one;
  one.expected_ranges = std::vector<ByteRangePart>{{0, 3, 10}};
  expect_rejected(body, "part 1 is one more than the 1 ranges requested", one);

  MultipartByterangesParser::Options other;
  other.expected_ranges = std::vector<ByteRangePart>{{0, 3, 10}, {5, 8, 10}};
  expect_rejected(body, "but bytes 5-8 were requested", other);
}

TEST(MultipartByteranges, RejectsAMissingBoundary) {
  expect_rejected("just some bytes", "no boundary delimiter found");
  expect_rejected("", "no boundary delimiter found");
  expect_rejected(std::string(9000, 'x'), "no boundary delimiter in the first");
  // A delimiter line for a different boundary that starts with ours.
  expect_rejected("--" + boundary + "X\r\n", "unexpected byte");
  // The body stops after the first part without the closing delimiter.
  std::string body = two_part_body();
  expect_rejected(body.substr(0, body.find("ghij") + 4), "without the closing delimiter");
  expect_rejected(body.substr(0, body.find("ghij") + 2), "2 of its 4 bytes missing");
  expect_rejected(body.substr(0, body.find("Content-Range")), "inside the headers of part 0");
}

TEST(MultipartByteranges, RejectsDataLongerOrShorterThanItsRange) {
  std::string longer = two_part_body();
  longer.insert(longer.find("abcd") + 4, "E");
  expect_rejected(longer, "part 0 (bytes 0-3/10) is not followed by the boundary");
  std::string shorter = two_part_body();
  shorter.erase(shorter.find("abcd"), 1);
  expect_rejected(shorter, "is not followed by the boundary");
}

TEST(MultipartByteranges, RejectsOversizedHeaders) {
  const std::string body = "--" + boundary + "\r\nX-Big: " + std::string(9000, 'a') +
                           "\r\nContent-Range: bytes 0-0/1\r\n\r\nx\r\n--" + boundary + "--";
  expect_rejected(body, "the headers of part 0 exceed 8192 bytes");
  MultipartByterangesParser::Options roomy;
  roomy.max_header_bytes = 10000;
  EXPECT_EQ(parse_in_pieces(body, {}, roomy).size(), 1u);
}

TEST(MultipartByteranges, RejectsBadContentRanges) {
  const auto body_with_headers = [](const std::string& headers) {
    return "--" + boundary + "\r\n" + headers + "\r\n\r\nx\r\n--" + boundary + "--";
  };
  expect_rejected(body_with_headers("Content-Type: text/plain"), "part 0 has no Content-Range");
  expect_rejected("--" + boundary + "\r\n\r\nx", "part 0 has no Content-Range");
  expect_rejected(body_with_headers("Content-Range: bytes 5-3/10"), "first is after last");
  expect_rejected(body_with_headers("Content-Range: bytes 0-9/5"), "not below the complete");
  expect_rejected(body_with_headers("Content-Range: bytes a-b/c"), "decimal numbers");
  expect_rejected(body_with_headers("Content-Range: items 0-0/1"), "expected 'bytes");
  expect_rejected(body_with_headers("Content-Range: bytes 0-0/1\r\nContent-Range: bytes 0-0/1"),
                  "two Content-Range headers");
  expect_rejected(body_with_headers("no colon here"), "malformed header line");
  expect_rejected(body_with_headers("Content-Range: bytes 0-99999999999999999999/*"),
                  "decimal numbers");
}

TEST(MultipartByteranges, RejectsABareLfAfterTheDelimiterAndStaysFailed) {
  Recorder recorder;
  MultipartByterangesParser parser(boundary, recorder);
  EXPECT_THROW(parser.feed(as_bytes("--" + boundary + "\n")), tf::Error);
  EXPECT_THROW(parser.feed(as_bytes("anything")), tf::Error);
  EXPECT_THROW(parser.finish(), tf::Error);
}

TEST(MultipartByteranges, ListenerExceptionsPropagateAndFailTheParser) {
  struct Throwing : Recorder {
    void on_part_begin(size_t, const ByteRangePart&) override { throw std::runtime_error("stop"); }
  } listener;
  MultipartByterangesParser parser(boundary, listener);
  EXPECT_THROW(parser.feed(as_bytes(two_part_body())), std::runtime_error);
  EXPECT_THROW(parser.finish(), tf::Error);
}

TEST(MultipartBoundary, ExtractsQuotedAndUnquotedBoundaries) {
  EXPECT_EQ(multipart_boundary("multipart/byteranges; boundary=3d6b6a416f9b5"), "3d6b6a416f9b5");
  EXPECT_EQ(multipart_boundary("Multipart/ByteRanges;BOUNDARY=abc ; charset=x"), "abc");
  EXPECT_EQ(multipart_boundary("multipart/byteranges; charset=\"a;b\"; boundary=\"a b:c\""),
            "a b:c");
  EXPECT_EQ(multipart_boundary("multipart/byteranges; boundary=\"q\\\"x\""), "q\"x");
}

TEST(MultipartBoundary, RejectsOtherTypesAndBadBoundaries) {
  for (const char* bad :
       {"application/octet-stream", "multipart/byteranges", "multipart/byteranges; boundary=",
        "multipart/byteranges; boundary=\"x", "multipart/form-data; boundary=abc",
        "multipart/byteranges; boundary=\"a \"", "multipart/byteranges; boundary=\"a\" junk"}) {
    EXPECT_THROW(multipart_boundary(bad), tf::Error) << bad;
  }
  EXPECT_THROW(multipart_boundary("multipart/byteranges; boundary=" + std::string(71, 'a')),
               tf::Error);
  EXPECT_EQ(multipart_boundary("multipart/byteranges; boundary=" + std::string(70, 'a')),
            std::string(70, 'a'));
}

TEST(ContentRangeHeader, ParsesAndFormats) {
  EXPECT_EQ(parse_part_content_range("bytes 0-99/1234"), (ByteRangePart{0, 99, 1234}));
  EXPECT_EQ(parse_part_content_range(" bytes 7-7/*"), (ByteRangePart{7, 7, std::nullopt}));
  EXPECT_EQ(parse_part_content_range("bytes 0-99/1234").length(), 100u);
  EXPECT_EQ(tf::io::format_part_content_range({3, 5, 10}), "bytes 3-5/10");
  EXPECT_EQ(tf::io::format_part_content_range({3, 5, std::nullopt}), "bytes 3-5/*");
  for (const char* bad : {"", "bytes", "bytes 1-2", "bytes -2/3", "bytes 1-/3", "bytes +1-2/3",
                          "bytes 1-2/", "bytes 3-2/10", "bytes 1-2/2"}) {
    EXPECT_THROW(parse_part_content_range(bad), tf::Error) << bad;
  }
}
