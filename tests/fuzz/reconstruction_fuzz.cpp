// Fuzzes parse_reconstruction with hostile JSON, then plans what it accepted and runs the plan
// with made-up chunk sizes. Anything may be rejected with tf::Error; nothing may crash, and
// whatever is accepted must round-trip through to_json_v2 and produce writes only inside the
// planned output.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "engine/xet/reassembly.hpp"
#include "engine/xet/reconstruction.hpp"
#include "io/error.hpp"

namespace {

void check(bool condition) {
  if (!condition) std::abort();
}

// Runs every fetch of a plan with chunks of `chunk_size` bytes (the assembler may reject them).
void run(const tf::xet::ReassemblyPlan& plan, size_t chunk_size) {
  for (const auto& fetch : plan.fetches) {
    check(!fetch.placements.empty());
    tf::xet::FetchAssembler assembler(fetch);
    try {
      for (uint32_t c = fetch.range.chunks.start; c < fetch.range.chunks.end; ++c) {
        for (const auto& write : assembler.place(c, chunk_size)) {
          check(write.length > 0 && write.offset_in_chunk + write.length <= chunk_size);
          check(write.file_offset >= plan.file_offset);
          check(write.file_offset + write.length <= plan.file_offset + plan.length);
        }
      }
      assembler.finish();
    } catch (const tf::Error&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tf::xet::Reconstruction reconstruction;
  try {
    reconstruction = tf::xet::parse_reconstruction(text);
  } catch (const tf::Error&) {
    return 0;
  }
  check(tf::xet::parse_reconstruction(tf::xet::to_json_v2(reconstruction)) == reconstruction);
  (void)tf::xet::parse_reconstruction(tf::xet::to_json_v1(reconstruction));
  const uint64_t available = reconstruction.data_length();
  const auto whole = tf::xet::plan_reassembly(reconstruction);
  check(whole.length == available);
  run(whole, 1 + size % 300);
  if (available > 0) {
    const uint64_t first = size % 1000;
    const uint64_t length = 1 + (available - 1) / 2;
    const auto part = tf::xet::plan_reassembly(reconstruction, {first, first + length - 1});
    check(part.length == length && part.file_offset == first);
    run(part, 1 + size % 7);
  }
  return 0;
}
