#include "tools/hub/store/generated_content.hpp"

#include <algorithm>

namespace tf::hub::store {

namespace {

constexpr uint64_t kRegionBits = 18;  // 256 KiB: several chunks each, so most chunks are pure

uint64_t mix(uint64_t x) {  // splitmix64's finaliser: a positional pseudo-random word
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// A random sequence of 8 phrases of 37 bytes: long repeats, which LZ4 finds, at an odd period,
// which byte grouping scatters.
void phrases(std::span<uint8_t> bytes, uint64_t offset) {
  constexpr uint64_t kPhrase = 37;
  for (size_t i = 0; i < bytes.size(); ++i) {
    const uint64_t at = offset + i;
    const uint64_t phrase = mix(at / kPhrase) % 8;
    bytes[i] = static_cast<uint8_t>(mix(phrase * kPhrase + at % kPhrase));
  }
}

void float_like(std::span<uint8_t> bytes, uint64_t offset) {
  for (size_t i = 0; i < bytes.size(); ++i) {
    const uint64_t lane = (offset + i) % 4;
    if (lane == 2) bytes[i] = 0x40;
    if (lane == 3) bytes[i] = 0x3f;
  }
}

}  // namespace

std::optional<ContentStyle> content_style_from_string(std::string_view text) {
  if (text == "random") return ContentStyle::random;
  if (text == "mixed") return ContentStyle::mixed;
  return std::nullopt;
}

void apply_content_style(ContentStyle style, std::span<uint8_t> bytes, uint64_t offset) {
  if (style == ContentStyle::random) return;
  while (!bytes.empty()) {
    const uint64_t region = offset >> kRegionBits;
    const uint64_t region_end = (region + 1) << kRegionBits;
    const auto n = static_cast<size_t>(std::min<uint64_t>(bytes.size(), region_end - offset));
    const auto part = bytes.first(n);
    if (region % 3 == 1) phrases(part, offset);
    if (region % 3 == 2) float_like(part, offset);
    bytes = bytes.subspan(n);
    offset += n;
  }
}

EditOverlay::EditOverlay(const FileEdit& edit, std::string_view path, uint64_t file_size)
    : block_length_(file_size * std::min<uint32_t>(edit.percent, 100) / 100 / kBlocks),
      tenth_(file_size / kBlocks),
      stream_(edit.seed, std::string(path) + "\n--edit") {}

void EditOverlay::apply(std::span<uint8_t> bytes, uint64_t offset) {
  if (block_length_ == 0) return;
  const uint64_t end = offset + bytes.size();
  for (uint64_t block = 0; block < kBlocks; ++block) {
    const uint64_t first = block * tenth_ + (tenth_ - block_length_) / 2;
    const uint64_t last = first + block_length_;  // exclusive
    const uint64_t from = std::max(first, offset);
    const uint64_t to = std::min(last, end);
    if (from < to) stream_.fill(bytes.subspan(from - offset, to - from));
  }
}

}  // namespace tf::hub::store
