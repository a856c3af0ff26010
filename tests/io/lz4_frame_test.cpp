#include "io/lz4_frame.hpp"

#include <gtest/gtest.h>
#include <lz4frame.h>

#include <string>
#include <vector>

#include "io/error.hpp"
#include "support/test_support.hpp"

using tf::io::lz4_frame_compress;
using tf::io::lz4_frame_decompress;
using tf::io::Lz4FrameDecoder;

namespace {

// Text-like data: compresses well, unlike random bytes.
std::vector<uint8_t> compressible(size_t size) {
  const std::string phrase = "the quick brown fox jumps over the lazy dog; ";
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < size; ++i)
    data[i] = static_cast<uint8_t>(phrase[i % phrase.size()]);
  return data;
}

void expect_protocol_error(std::span<const uint8_t> frame, size_t expected_size,
                           const std::string& needle) {
  try {
    (void)lz4_frame_decompress(frame, expected_size);
    FAIL() << "accepted a bad frame (expected an error mentioning '" << needle << "')";
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
  }
}

// Compresses with the stock LZ4F streaming API and the given frame layout. (LZ4F_compressFrame
// would shrink the declared block size to fit the input.)
std::vector<uint8_t> stock_frame(std::span<const uint8_t> input, LZ4F_preferences_t preferences) {
  LZ4F_cctx* context = nullptr;
  EXPECT_FALSE(LZ4F_isError(LZ4F_createCompressionContext(&context, LZ4F_VERSION)));
  std::vector<uint8_t> frame(LZ4F_compressBound(input.size(), &preferences) + LZ4F_HEADER_SIZE_MAX);
  size_t size = LZ4F_compressBegin(context, frame.data(), frame.size(), &preferences);
  size += LZ4F_compressUpdate(context, frame.data() + size, frame.size() - size, input.data(),
                              input.size(), nullptr);
  size += LZ4F_compressEnd(context, frame.data() + size, frame.size() - size, nullptr);
  LZ4F_freeCompressionContext(context);
  frame.resize(size);
  return frame;
}

// A frame with every optional feature switched on, as another encoder (the lz4 CLI) may write.
std::vector<uint8_t> stock_frame_with_checksums(std::span<const uint8_t> input) {
  LZ4F_preferences_t preferences{};
  preferences.frameInfo.blockSizeID = LZ4F_max256KB;
  preferences.frameInfo.blockMode = LZ4F_blockLinked;
  preferences.frameInfo.contentChecksumFlag = LZ4F_contentChecksumEnabled;
  preferences.frameInfo.blockChecksumFlag = LZ4F_blockChecksumEnabled;
  preferences.frameInfo.contentSize = input.size();
  return stock_frame(input, preferences);
}

// The layout of huggingface.js's vendored lz4js, which uploads xorbs from browsers: 4 MiB
// linked blocks, no checksums, no content size.
std::vector<uint8_t> lz4js_style_frame(std::span<const uint8_t> input) {
  LZ4F_preferences_t preferences{};
  preferences.frameInfo.blockSizeID = LZ4F_max4MB;
  preferences.frameInfo.blockMode = LZ4F_blockLinked;
  return stock_frame(input, preferences);
}

}  // namespace

TEST(Lz4Frame, RoundTripsEverySize) {
  for (size_t size : {0u, 1u, 3u, 4u, 5u, 7u, 4095u, 65535u, 65536u, 65537u, 100003u, 131072u}) {
    for (const auto& input : {compressible(size), tf::test::random_bytes(size, size)}) {
      const auto frame = lz4_frame_compress(input);
      ASSERT_GE(frame.size(), 4u);
      EXPECT_TRUE(std::equal(frame.begin(), frame.begin() + 4, tf::io::lz4_frame_magic));
      EXPECT_LE(frame.size(), tf::io::lz4_frame_compress_bound(size));
      EXPECT_EQ(lz4_frame_decompress(frame, size), input) << "size " << size;
    }
  }
}

TEST(Lz4Frame, CompressesRepetitiveData) {
  const auto input = compressible(131072);
  EXPECT_LT(lz4_frame_compress(input).size(), input.size() / 10);
}

TEST(Lz4Frame, AppendsAfterExistingBytes) {
  const auto input = compressible(1000);
  std::vector<uint8_t> out{1, 2, 3};
  lz4_frame_compress(input, out);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(lz4_frame_decompress(std::span(out).subspan(3), input.size()), input);
}

TEST(Lz4Frame, DecodesFramesFromOtherEncoders) {
  const auto input = compressible(300000);
  EXPECT_EQ(lz4_frame_decompress(stock_frame_with_checksums(input), input.size()), input);
  const auto chunk = compressible(131072);
  const auto frame = lz4js_style_frame(chunk);
  EXPECT_EQ(frame[5] >> 4, 7);  // block max size: 4 MiB
  EXPECT_EQ(lz4_frame_decompress(frame, chunk.size()), chunk);
}

TEST(Lz4Frame, RejectsAWrongExpectedSize) {
  const auto input = compressible(70000);
  const auto frame = lz4_frame_compress(input);
  expect_protocol_error(frame, input.size() + 1, "decodes to only 70000 bytes");
  expect_protocol_error(frame, input.size() - 1, "more bytes than expected");
  expect_protocol_error(frame, 0, "more bytes than expected");
}

TEST(Lz4Frame, NeverWritesPastTheOutput) {
  const auto input = tf::test::random_bytes(5000, 3);
  const auto frame = lz4_frame_compress(input);
  std::vector<uint8_t> buffer(6000, 0xAB);
  Lz4FrameDecoder decoder;
  EXPECT_THROW(decoder.decode(frame, std::span(buffer).first(4000)), tf::Error);
  for (size_t i = 4000; i < buffer.size(); ++i)
    ASSERT_EQ(buffer[i], 0xAB) << "byte " << i;
}

TEST(Lz4Frame, RejectsEveryTruncation) {
  const auto input = compressible(3000);
  const auto frame = lz4_frame_compress(input);
  for (size_t cut = 0; cut < frame.size(); ++cut) {
    EXPECT_THROW((void)lz4_frame_decompress(std::span(frame).first(cut), input.size()), tf::Error)
        << "cut at " << cut;
  }
}

TEST(Lz4Frame, RejectsTrailingBytesBadMagicAndGarbage) {
  const auto input = compressible(3000);
  auto frame = lz4_frame_compress(input);
  auto trailing = frame;
  trailing.push_back(0);
  expect_protocol_error(trailing, input.size(), "1 bytes follow the end of the frame");
  auto bad_magic = frame;
  bad_magic[0] ^= 1;
  expect_protocol_error(bad_magic, input.size(), "magic");
  expect_protocol_error(tf::test::random_bytes(100, 1), input.size(), "magic");
  std::vector<uint8_t> garbage(tf::io::lz4_frame_magic, tf::io::lz4_frame_magic + 4);
  const auto noise = tf::test::random_bytes(100, 2);
  garbage.insert(garbage.end(), noise.begin(), noise.end());
  expect_protocol_error(garbage, input.size(), "corrupt");
}

TEST(Lz4Frame, DetectsCorruptionWhenTheFrameHasChecksums) {
  const auto input = compressible(100000);
  auto frame = stock_frame_with_checksums(input);
  frame[frame.size() / 2] ^= 0x40;
  expect_protocol_error(frame, input.size(), "corrupt");
}

TEST(Lz4Frame, SurvivesEverySingleByteCorruption) {
  // Without checksums a flipped literal cannot be detected; what matters is that decoding
  // either fails cleanly or yields exactly the expected size.
  const auto input = compressible(2000);
  const auto frame = lz4_frame_compress(input);
  Lz4FrameDecoder decoder;
  std::vector<uint8_t> out(input.size());
  for (size_t i = 0; i < frame.size(); ++i) {
    auto corrupt = frame;
    corrupt[i] ^= 0xFF;
    try {
      decoder.decode(corrupt, out);
    } catch (const tf::Error& e) {
      EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    }
  }
  decoder.decode(frame, out);  // the decoder is still usable after failures
  EXPECT_EQ(out, input);
}
