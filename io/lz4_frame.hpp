// The LZ4 *frame* format (magic 04 22 4D 18), as opposed to a bare LZ4 block. Xet compresses
// each chunk of a xorb as one frame. Decoding is strict because the frames come from a server:
// the caller states the decoded size it expects and anything else is an error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace tf::io {

inline constexpr uint8_t lz4_frame_magic[4] = {0x04, 0x22, 0x4D, 0x18};

// Upper bound of the frame lz4_frame_compress writes for `input_size` bytes.
size_t lz4_frame_compress_bound(size_t input_size);

// Appends to `out` one frame holding `input`: independent 64 KiB blocks, no checksums, no
// content size (the layout lz4_flex's FrameEncoder writes by default).
void lz4_frame_compress(std::span<const uint8_t> input, std::vector<uint8_t>& out);
std::vector<uint8_t> lz4_frame_compress(std::span<const uint8_t> input);

// Decodes frames; keeps one LZ4F context alive so that decoding many small frames does not
// allocate. Movable, not copyable. Not thread-safe: one decoder per thread.
class Lz4FrameDecoder {
 public:
  Lz4FrameDecoder();
  ~Lz4FrameDecoder();
  Lz4FrameDecoder(Lz4FrameDecoder&&) noexcept;
  Lz4FrameDecoder& operator=(Lz4FrameDecoder&&) noexcept;
  Lz4FrameDecoder(const Lz4FrameDecoder&) = delete;
  Lz4FrameDecoder& operator=(const Lz4FrameDecoder&) = delete;

  // Decodes `frame`, which must be exactly one frame, into `out`, whose size is the expected
  // decoded size. Throws tf::Error(protocol) when the magic is wrong, the frame is corrupt or
  // truncated, bytes follow it, or it decodes to more or fewer bytes than out.size(). Never
  // writes outside `out`; on error its content is unspecified.
  void decode(std::span<const uint8_t> frame, std::span<uint8_t> out);

 private:
  struct ContextDeleter {
    void operator()(void* context) const;
  };
  std::unique_ptr<void, ContextDeleter> context_;  // an LZ4F_dctx*
};

// One-shot convenience: decodes a frame that must hold exactly `expected_size` bytes.
std::vector<uint8_t> lz4_frame_decompress(std::span<const uint8_t> frame, size_t expected_size);

}  // namespace tf::io
