// Variations on generated content (tf-hub generate), applied to the pseudo-random bytes by
// file offset so that the same arguments always give the same bytes:
//  - the "mixed" content style: regions that compress in different ways, so that Xet storage
//    holds chunks of every compression scheme;
//  - edits: a percentage of the file overwritten with other bytes, to make a second revision
//    that shares most of its chunks with the first.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "tools/hub/store/pseudo_random_stream.hpp"

namespace tf::hub::store {

enum class ContentStyle {
  random,  // incompressible: Xet stores every chunk uncompressed
  // Repeating 256 KiB regions: random bytes (stored uncompressed), a random sequence of a few
  // 37-byte phrases (LZ4 compresses them best), and 4-byte words whose two high bytes are
  // constant, like 32-bit floats of similar magnitude (byte grouping then LZ4 does best).
  mixed,
};

std::optional<ContentStyle> content_style_from_string(std::string_view text);

// Rewrites `bytes`, the file's bytes from `offset` on, in the given style.
void apply_content_style(ContentStyle style, std::span<uint8_t> bytes, uint64_t offset);

// Overwrite `percent` of the file, in 10 blocks centred in each tenth of it, with bytes of
// another pseudo-random stream (seeded by `seed` and the path).
struct FileEdit {
  uint32_t percent = 0;  // 0 to 100
  uint64_t seed = 1;
};

// Applies an edit to consecutive slices of the file, in order.
class EditOverlay {
 public:
  EditOverlay(const FileEdit& edit, std::string_view path, uint64_t file_size);

  // `bytes` is the file from `offset` on; slices must come in increasing, adjacent order.
  void apply(std::span<uint8_t> bytes, uint64_t offset);

  static constexpr uint64_t kBlocks = 10;

 private:
  uint64_t block_length_;
  uint64_t tenth_;
  PseudoRandomStream stream_;
};

}  // namespace tf::hub::store
