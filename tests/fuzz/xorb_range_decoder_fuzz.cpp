// Fuzzes XorbRangeDecoder with hostile xorb bytes, fed in pieces whose sizes the input picks.
// Input: [chunk count byte][piece size byte][xorb bytes...]. Any input may be rejected with
// tf::Error; nothing may crash, hang, or hand out a chunk larger than 128 KiB or out of order.
// A second mode round-trips: the bytes become chunks of a xorb built with every scheme, and
// decoding it must give them back.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "engine/xet/xorb_builder.hpp"
#include "engine/xet/xorb_range_decoder.hpp"
#include "io/error.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

void decode_hostile(std::span<const uint8_t> input) {
  const uint32_t count = 1 + input[0] % 16;
  const size_t piece = 1 + input[1] * 37u;
  const std::span<const uint8_t> bytes = input.subspan(2);
  uint32_t next = 5;
  tf::xet::XorbRangeDecoder decoder(5, count, [&](uint32_t index, std::span<const uint8_t> data) {
    check(index == next++);
    check(!data.empty() && data.size() <= tf::xet::max_chunk_size);
  });
  try {
    for (size_t pos = 0; pos < bytes.size(); pos += piece) {
      decoder.feed(bytes.subspan(pos, std::min(piece, bytes.size() - pos)));
    }
    decoder.finish();
    check(decoder.chunks_decoded() == count);
  } catch (const tf::Error&) {
  }
}

void round_trip(std::span<const uint8_t> input) {
  // Split the input into chunks after every 0xFF byte (and at the size limits).
  std::vector<std::span<const uint8_t>> chunks;
  size_t start = 0;
  for (size_t i = 0; i < input.size() && chunks.size() < tf::xet::max_xorb_chunks; ++i) {
    if (input[i] == 0xFF || i + 1 == input.size() || i + 1 - start == tf::xet::max_chunk_size) {
      chunks.push_back(input.subspan(start, i + 1 - start));
      start = i + 1;
    }
  }
  if (chunks.empty()) return;
  tf::xet::XorbBuilder builder(tf::xet::CompressionPolicy::rotate);
  for (const auto& chunk : chunks)
    check(builder.try_add(chunk));
  const tf::xet::BuiltXorb xorb = builder.finish();
  size_t seen = 0;
  tf::xet::XorbRangeDecoder decoder(
      0, static_cast<uint32_t>(chunks.size()), [&](uint32_t index, std::span<const uint8_t> data) {
        check(index == seen);
        check(std::equal(data.begin(), data.end(), chunks[index].begin(), chunks[index].end()));
        ++seen;
      });
  for (size_t pos = 0; pos < xorb.bytes.size(); pos += 7) {
    decoder.feed(std::span(xorb.bytes).subspan(pos, std::min<size_t>(7, xorb.bytes.size() - pos)));
  }
  decoder.finish();
  check(seen == chunks.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 3) return 0;
  const std::span<const uint8_t> input(data, size);
  if (input[0] == 0xEE) {
    round_trip(input.subspan(1));
  } else {
    decode_hostile(input);
  }
  return 0;
}
