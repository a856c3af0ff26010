// Micro-benchmarks of the Xet formats: the throughput the stand-in hub (chunking, hashing,
// packing) and the downloader (decoding) can reach on one core.
#include <benchmark/benchmark.h>
#include <lz4frame.h>

#include <cstdint>
#include <string>
#include <vector>

#include "engine/xet/chunker.hpp"
#include "engine/xet/file_to_xorbs.hpp"
#include "engine/xet/xet_hashes.hpp"
#include "engine/xet/xorb_builder.hpp"
#include "engine/xet/xorb_range_decoder.hpp"
#include "io/lz4_frame.hpp"
#include "io/sha256.hpp"

namespace {

std::vector<uint8_t> random_data(size_t size) {
  std::vector<uint8_t> data(size);
  uint64_t state = 0x9E3779B97F4A7C15ULL;
  for (auto& byte : data) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    byte = static_cast<uint8_t>((state * 0x2545F4914F6CDD1DULL) >> 56);
  }
  return data;
}

// Like bf16/fp32 weights: noisy low bytes, repetitive high bytes. LZ4 gets about 1.3x on it.
std::vector<uint8_t> weight_like_data(size_t size) {
  auto data = random_data(size);
  for (size_t i = 3; i < size; i += 4)
    data[i] = static_cast<uint8_t>(0x3c + (data[i] & 1));
  return data;
}

// 64 MiB of random bytes, made once for all benchmarks.
const std::vector<uint8_t>& sample() {
  static const std::vector<uint8_t> data = random_data(64 << 20);
  return data;
}

void BM_Chunker(benchmark::State& state) {
  const auto& data = sample();
  for (auto _ : state)
    benchmark::DoNotOptimize(tf::xet::chunk_lengths(data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Chunker)->Unit(benchmark::kMillisecond);

void BM_Blake3ChunkHash(benchmark::State& state) {
  const auto& data = sample();
  const size_t chunk = tf::xet::target_chunk_size;
  for (auto _ : state) {
    for (size_t offset = 0; offset + chunk <= data.size(); offset += chunk) {
      benchmark::DoNotOptimize(tf::xet::chunk_hash(std::span(data).subspan(offset, chunk)));
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Blake3ChunkHash)->Unit(benchmark::kMillisecond);

void BM_Sha256OfSample(benchmark::State& state) {
  const auto& data = sample();
  for (auto _ : state)
    benchmark::DoNotOptimize(tf::io::Sha256::of(data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_Sha256OfSample)->Unit(benchmark::kMillisecond);

// Decodes 128 KiB chunks. state.range(0): 0 = weight-like data (LZ4 stores it raw), 1 = text,
// 2 = text in the frame layout huggingface.js uploads (4 MiB linked blocks: LZ4F decodes through
// its own buffer and copies).
void BM_Lz4FrameDecode(benchmark::State& state) {
  std::vector<uint8_t> chunk = weight_like_data(tf::xet::max_chunk_size);
  if (state.range(0) >= 1) {
    const std::string text = "The quick brown fox jumps over the lazy dog. 0123456789 ";
    for (size_t i = 0; i < chunk.size(); ++i)
      chunk[i] = static_cast<uint8_t>(text[i % 57]);
  }
  std::vector<uint8_t> frame = tf::io::lz4_frame_compress(chunk);
  if (state.range(0) == 2) {
    LZ4F_preferences_t preferences{};
    preferences.frameInfo.blockSizeID = LZ4F_max4MB;
    preferences.frameInfo.blockMode = LZ4F_blockLinked;
    frame.resize(LZ4F_compressFrameBound(chunk.size(), &preferences));
    frame.resize(
        LZ4F_compressFrame(frame.data(), frame.size(), chunk.data(), chunk.size(), &preferences));
  }
  std::vector<uint8_t> out(chunk.size());
  tf::io::Lz4FrameDecoder decoder;
  for (auto _ : state) {
    decoder.decode(frame, out);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * chunk.size()));
  static const char* const labels[] = {"weights", "text", "text, 4 MiB linked blocks"};
  state.SetLabel(labels[state.range(0)]);
}
BENCHMARK(BM_Lz4FrameDecode)->Arg(0)->Arg(1)->Arg(2);

// Decodes a whole 32 MiB xorb (weights, LZ4) fed in 64 KiB network-sized pieces.
void BM_XorbRangeDecode(benchmark::State& state) {
  const auto data = weight_like_data(32 << 20);
  tf::xet::XorbBuilder builder(tf::xet::CompressionPolicy::lz4);
  size_t offset = 0;
  for (size_t length : tf::xet::chunk_lengths(data)) {
    builder.try_add(std::span(data).subspan(offset, length));
    offset += length;
  }
  const auto xorb = builder.finish();
  const std::span<const uint8_t> bytes(xorb.bytes);
  for (auto _ : state) {
    uint64_t decoded = 0;
    tf::xet::XorbRangeDecoder decoder(
        0, static_cast<uint32_t>(xorb.chunks.size()),
        [&](uint32_t, std::span<const uint8_t> chunk) { decoded += chunk.size(); });
    for (size_t pos = 0; pos < bytes.size(); pos += 65536) {
      decoder.feed(bytes.subspan(pos, std::min<size_t>(65536, bytes.size() - pos)));
    }
    decoder.finish();
    benchmark::DoNotOptimize(decoded);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_XorbRangeDecode)->Unit(benchmark::kMillisecond);

// The stand-in hub's ingest: chunk, hash, SHA-256, dedup and pack (no compression).
void BM_FileToXorbs(benchmark::State& state) {
  const auto& data = sample();
  for (auto _ : state) {
    tf::xet::ChunkIndex index;
    tf::xet::FileToXorbs::Options options;
    options.compression = tf::xet::CompressionPolicy::none;
    tf::xet::FileToXorbs writer(
        index, [](tf::xet::BuiltXorb&&) {}, options);
    for (size_t pos = 0; pos < data.size(); pos += 1 << 20) {
      writer.feed(std::span(data).subspan(pos, 1 << 20));
    }
    benchmark::DoNotOptimize(writer.finish());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * data.size()));
}
BENCHMARK(BM_FileToXorbs)->Unit(benchmark::kMillisecond);

}  // namespace
