#include "engine/xet/xorb_format.hpp"

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "io/error.hpp"
#include "xorb_test_support.hpp"

using tf::xet::ChunkDecoder;
using tf::xet::ChunkHeader;
using tf::xet::CompressionScheme;
using tf::xet::parse_chunk_header;

namespace {

using HeaderBytes = std::array<uint8_t, tf::xet::chunk_header_size>;

void expect_bad_header(const HeaderBytes& bytes, const std::string& needle) {
  try {
    (void)parse_chunk_header(bytes);
    FAIL() << "accepted a bad header; expected an error mentioning '" << needle << "'";
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

}  // namespace

TEST(XorbFormat, HeaderLayoutIsLittleEndianU24s) {
  const ChunkHeader header{CompressionScheme::lz4, 0x010203, 0x020000};
  HeaderBytes bytes{};
  tf::xet::write_chunk_header(header, bytes);
  EXPECT_EQ(bytes, (HeaderBytes{0, 0x03, 0x02, 0x01, 1, 0x00, 0x00, 0x02}));
  EXPECT_EQ(parse_chunk_header(bytes), header);
}

TEST(XorbFormat, RejectsBadHeaders) {
  expect_bad_header({1, 10, 0, 0, 0, 10, 0, 0}, "unsupported version 1");
  expect_bad_header({0, 10, 0, 0, 3, 10, 0, 0}, "unknown compression scheme 3");
  expect_bad_header({0, 10, 0, 0, 1, 0, 0, 0}, "uncompressed length must be 1 to 131072");
  expect_bad_header({0, 10, 0, 0, 1, 1, 0, 2}, "uncompressed length must be 1 to 131072");
  expect_bad_header({0, 0, 0, 0, 1, 10, 0, 0}, "compressed length must be 1 to");
  expect_bad_header({0, 0xff, 0xff, 0xff, 1, 10, 0, 0}, "compressed length must be 1 to");
  expect_bad_header({0, 11, 0, 0, 0, 10, 0, 0}, "an uncompressed chunk's two lengths differ");
  // The largest legal values pass.
  EXPECT_NO_THROW(parse_chunk_header(HeaderBytes{0, 0, 0, 2, 0, 0, 0, 2}));
  EXPECT_NO_THROW(parse_chunk_header(HeaderBytes{0, 0, 0x10, 2, 2, 0, 0, 2}));
}

TEST(XorbFormat, EveryChunkRoundTripsWithEveryScheme) {
  ChunkDecoder decoder;
  for (const auto& data : tf::test::varied_chunks(30, 1)) {
    for (auto scheme :
         {CompressionScheme::none, CompressionScheme::lz4, CompressionScheme::bg4_lz4}) {
      std::vector<uint8_t> encoded{9};  // encode_chunk appends
      const ChunkHeader header = tf::xet::encode_chunk(data, scheme, encoded);
      ASSERT_EQ(encoded.size(), 1 + tf::xet::chunk_header_size + header.compressed_length);
      EXPECT_EQ(header.scheme, scheme);
      EXPECT_EQ(header.uncompressed_length, data.size());
      const auto parsed =
          parse_chunk_header(std::span(encoded).subspan(1).first<tf::xet::chunk_header_size>());
      EXPECT_EQ(parsed, header);
      const auto payload = std::span(encoded).subspan(1 + tf::xet::chunk_header_size);
      const auto decoded = decoder.decode(parsed, payload);
      EXPECT_TRUE(std::equal(decoded.begin(), decoded.end(), data.begin(), data.end()))
          << "size " << data.size() << " scheme " << tf::xet::to_string(scheme);
    }
  }
}

TEST(XorbFormat, EncodeRejectsEmptyAndOversizedChunks) {
  std::vector<uint8_t> out;
  EXPECT_THROW(tf::xet::encode_chunk({}, CompressionScheme::lz4, out), tf::Error);
  const std::vector<uint8_t> big(tf::xet::max_chunk_size + 1);
  EXPECT_THROW(tf::xet::encode_chunk(big, CompressionScheme::none, out), tf::Error);
  EXPECT_TRUE(out.empty());
}

TEST(XorbFormat, DecoderRejectsAWrongDecodedSizeOrPayloadSize) {
  const auto data = tf::test::varied_chunks(5, 2)[4];  // 1000 bytes
  ChunkDecoder decoder;
  for (auto scheme : {CompressionScheme::lz4, CompressionScheme::bg4_lz4}) {
    std::vector<uint8_t> encoded;
    ChunkHeader header = tf::xet::encode_chunk(data, scheme, encoded);
    const auto payload = std::span(encoded).subspan(tf::xet::chunk_header_size);
    header.uncompressed_length += 1;
    EXPECT_THROW(decoder.decode(header, payload), tf::Error);
    header.uncompressed_length -= 2;
    EXPECT_THROW(decoder.decode(header, payload), tf::Error);
    header.uncompressed_length += 1;
    EXPECT_THROW(decoder.decode(header, payload.first(payload.size() - 1)), tf::Error);
    EXPECT_EQ(decoder.decode(header, payload).size(), data.size());
  }
}
