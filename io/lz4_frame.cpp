#include "io/lz4_frame.hpp"

#include <lz4frame.h>

#include <algorithm>
#include <array>
#include <string>

#include "io/error.hpp"

namespace tf::io {

namespace {

LZ4F_preferences_t compression_preferences() {
  LZ4F_preferences_t preferences{};
  preferences.frameInfo.blockSizeID = LZ4F_max64KB;
  preferences.frameInfo.blockMode = LZ4F_blockIndependent;
  preferences.frameInfo.contentChecksumFlag = LZ4F_noContentChecksum;
  preferences.frameInfo.blockChecksumFlag = LZ4F_noBlockChecksum;
  preferences.compressionLevel = 0;  // the fast (non-HC) compressor
  return preferences;
}

LZ4F_dctx* as_dctx(void* context) {
  return static_cast<LZ4F_dctx*>(context);
}

Error frame_error(std::span<const uint8_t> frame, size_t expected_size, const std::string& what) {
  return Error(ErrorKind::protocol, "LZ4 frame of " + std::to_string(frame.size()) +
                                        " bytes (expected to decode to " +
                                        std::to_string(expected_size) + " bytes): " + what);
}

}  // namespace

size_t lz4_frame_compress_bound(size_t input_size) {
  const LZ4F_preferences_t preferences = compression_preferences();
  return LZ4F_compressFrameBound(input_size, &preferences);
}

void lz4_frame_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out) {
  const LZ4F_preferences_t preferences = compression_preferences();
  const size_t old_size = out.size();
  out.resize(old_size + LZ4F_compressFrameBound(input.size(), &preferences));
  const size_t written = LZ4F_compressFrame(out.data() + old_size, out.size() - old_size,
                                            input.data(), input.size(), &preferences);
  if (LZ4F_isError(written)) {
    out.resize(old_size);
    throw Error(ErrorKind::internal,
                std::string("LZ4F_compressFrame failed: ") + LZ4F_getErrorName(written));
  }
  out.resize(old_size + written);
}

std::vector<uint8_t> lz4_frame_compress(std::span<const uint8_t> input) {
  std::vector<uint8_t> out;
  lz4_frame_compress(input, out);
  return out;
}

void Lz4FrameDecoder::ContextDeleter::operator()(void* context) const {
  LZ4F_freeDecompressionContext(as_dctx(context));
}

Lz4FrameDecoder::Lz4FrameDecoder() {
  LZ4F_dctx* context = nullptr;
  const LZ4F_errorCode_t code = LZ4F_createDecompressionContext(&context, LZ4F_VERSION);
  if (LZ4F_isError(code)) {
    throw Error(ErrorKind::internal,
                std::string("LZ4F_createDecompressionContext: ") + LZ4F_getErrorName(code));
  }
  context_.reset(context);
}

Lz4FrameDecoder::~Lz4FrameDecoder() = default;
Lz4FrameDecoder::Lz4FrameDecoder(Lz4FrameDecoder&&) noexcept = default;
Lz4FrameDecoder& Lz4FrameDecoder::operator=(Lz4FrameDecoder&&) noexcept = default;

void Lz4FrameDecoder::decode(std::span<const uint8_t> frame, std::span<uint8_t> out) {
  LZ4F_dctx* context = as_dctx(context_.get());
  // A previous frame may have failed half-way; start from a clean state every time.
  LZ4F_resetDecompressionContext(context);
  if (frame.size() < sizeof lz4_frame_magic ||
      !std::equal(frame.begin(), frame.begin() + sizeof lz4_frame_magic, lz4_frame_magic)) {
    throw frame_error(frame, out.size(), "does not start with the LZ4 frame magic 04 22 4D 18");
  }
  // Once `out` is full, LZ4F still has to read the end mark (and checksum, if any). It gets a
  // small scratch buffer for that: any byte it writes there is one byte too many.
  std::array<uint8_t, 16> overflow{};
  LZ4F_decompressOptions_t options{};
  size_t in_pos = 0;
  size_t out_pos = 0;
  while (true) {
    const bool out_full = out_pos == out.size();
    uint8_t* destination = out_full ? overflow.data() : out.data() + out_pos;
    size_t destination_size = out_full ? overflow.size() : out.size() - out_pos;
    size_t source_size = frame.size() - in_pos;
    const size_t hint = LZ4F_decompress(context, destination, &destination_size,
                                        frame.data() + in_pos, &source_size, &options);
    if (LZ4F_isError(hint)) {
      throw frame_error(frame, out.size(),
                        std::string("corrupt at or after byte ") + std::to_string(in_pos) + " (" +
                            LZ4F_getErrorName(hint) + ")");
    }
    if (out_full && destination_size > 0) {
      throw frame_error(frame, out.size(), "decodes to more bytes than expected");
    }
    in_pos += source_size;
    if (!out_full) out_pos += destination_size;
    if (hint == 0) break;  // the frame is complete
    if (source_size == 0 && destination_size == 0) {
      // No progress: LZ4F wants input that is not there.
      throw frame_error(frame, out.size(),
                        "truncated (" + std::to_string(out_pos) + " bytes decoded)");
    }
  }
  if (in_pos != frame.size()) {
    throw frame_error(frame, out.size(),
                      std::to_string(frame.size() - in_pos) + " bytes follow the end of the frame");
  }
  if (out_pos != out.size()) {
    throw frame_error(frame, out.size(), "decodes to only " + std::to_string(out_pos) + " bytes");
  }
}

std::vector<uint8_t> lz4_frame_decompress(std::span<const uint8_t> frame, size_t expected_size) {
  std::vector<uint8_t> out(expected_size);
  Lz4FrameDecoder decoder;
  decoder.decode(frame, out);
  return out;
}

}  // namespace tf::io
