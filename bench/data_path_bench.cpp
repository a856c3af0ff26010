// Micro-benchmarks of the data path between the socket and the disk: what each received byte
// costs (copy into a pooled block, XXH3 as it streams, pwrite, SHA-256 read-back). Compare the
// MB/s printed here with each other and with memcpy in the same run; absolute figures depend
// on the machine.
#include <benchmark/benchmark.h>

#include <cstring>
#include <filesystem>
#include <vector>

#include "actors/chunk_digester.hpp"
#include "io/buffer_pool.hpp"
#include "io/file_handle.hpp"
#include "io/sha256.hpp"
#include "io/xxh3.hpp"

namespace {

std::vector<uint8_t> pattern(size_t size) {
  std::vector<uint8_t> bytes(size);
  uint64_t x = 88172645463325252ULL;
  for (auto& b : bytes) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    b = static_cast<uint8_t>(x);
  }
  return bytes;
}

// The machine's reference point: a plain copy of the same buffer size.
void BM_Memcpy(benchmark::State& state) {
  const auto src = pattern(static_cast<size_t>(state.range(0)));
  std::vector<uint8_t> dst(src.size());
  for (auto _ : state) {
    std::memcpy(dst.data(), src.data(), src.size());
    benchmark::DoNotOptimize(dst.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Memcpy)->Arg(256 << 10);

void BM_Xxh3(benchmark::State& state) {
  const auto data = pattern(static_cast<size_t>(state.range(0)));
  for (auto _ : state)
    benchmark::DoNotOptimize(tf::io::xxh3_64(data));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Xxh3)->Arg(16 << 10)->Arg(256 << 10);

void BM_Sha256(benchmark::State& state) {
  const auto data = pattern(static_cast<size_t>(state.range(0)));
  tf::io::Sha256 sha;
  for (auto _ : state)
    sha.update(data);
  benchmark::DoNotOptimize(sha.finish());
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_Sha256)->Arg(256 << 10);

// What the transport thread does per received buffer: copy into a pooled block and feed the
// chunk digester.
void BM_ReceivePath(benchmark::State& state) {
  const size_t piece = static_cast<size_t>(state.range(0));
  const auto data = pattern(piece);
  tf::io::BufferPool pool(256 << 10, 4);
  tf::actors::ChunkDigester digester(8 << 20, UINT64_MAX);
  std::vector<tf::actors::ChunkDigest> digests;
  uint64_t offset = 0;
  tf::io::BlockPtr block = pool.try_acquire();
  for (auto _ : state) {
    if (block->space() < piece) {
      block = nullptr;
      block = pool.try_acquire();
    }
    block->fill(data);
    digester.feed(offset, data, digests);
    offset += piece;
    digests.clear();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_ReceivePath)->Arg(16 << 10)->Arg(64 << 10);

// The writer's pwrite of 256 KiB blocks into a preallocated file in the temp folder.
void BM_PwriteBlocks(benchmark::State& state) {
  const size_t block = static_cast<size_t>(state.range(0));
  const auto data = pattern(block);
  const auto path = std::filesystem::temp_directory_path() / "turbofetch-bench-pwrite";
  const uint64_t file_size = 256ull << 20;
  {
    auto file = tf::io::FileHandle::open_read_write(path);
    file.preallocate(file_size);
    uint64_t offset = 0;
    for (auto _ : state) {
      file.write_at(data, offset);
      offset = (offset + block) % file_size;
    }
  }
  std::filesystem::remove(path);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(0));
}
BENCHMARK(BM_PwriteBlocks)->Arg(256 << 10)->Arg(1 << 20);

// The hasher's read-back for SHA-256: pread into a cache-sized buffer, then hash it.
void BM_PreadAndSha256(benchmark::State& state) {
  const size_t piece = 256 << 10;
  const auto data = pattern(64 << 20);
  const auto path = std::filesystem::temp_directory_path() / "turbofetch-bench-pread";
  auto file = tf::io::FileHandle::open_read_write(path);
  file.write_at(data, 0);
  std::vector<uint8_t> buffer(piece);
  tf::io::Sha256 sha;
  uint64_t offset = 0;
  for (auto _ : state) {
    file.read_at(buffer, offset);
    sha.update(buffer);
    offset = (offset + piece) % data.size();
  }
  std::filesystem::remove(path);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(piece));
}
BENCHMARK(BM_PreadAndSha256);

}  // namespace
