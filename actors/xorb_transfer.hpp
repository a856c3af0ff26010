// The transfer handler of one xorb range request (reference hub-protocol.md E7). It runs on the
// transport thread: it checks the 206 answer against the range asked for, decodes the chunks as
// the bytes stream in (XorbRangeDecoder), places each decoded chunk at its offsets in the file
// (FetchAssembler) and hands pooled blocks of file bytes to the writer, exactly like a plain
// range's bytes. Bytes that land in chunks of the file already complete (resumed, or written by
// an earlier attempt) are skipped, so a retry never rewrites a chunk that was hashed.
//
// Memory: decoded output can be larger than the input (compression), so when the pool runs dry
// in the middle of a callback the rest goes into unpooled blocks and the next callback pauses
// until the pool has room again: one callback's output at most beyond the pool.
#pragma once

#include <caf/all.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "actors/messages.hpp"
#include "actors/progress.hpp"
#include "engine/xet/reassembly.hpp"
#include "engine/xet/xorb_range_decoder.hpp"
#include "io/buffer_pool.hpp"
#include "io/http_transport.hpp"

namespace tf::actors {

struct XorbTransferSetup {
  uint64_t unit = 0;
  xet::PlannedFetch fetch;
  // Chunks of the journal grid complete before this request started: never written again.
  std::shared_ptr<const std::vector<bool>> complete_chunks;
  uint64_t chunk_size = 0;
  caf::actor writer;
  caf::actor supervisor;
  std::shared_ptr<io::BufferPool> pool;
  std::shared_ptr<ProgressCounters> progress;
};

class XorbTransfer : public io::TransferHandler {
 public:
  explicit XorbTransfer(XorbTransferSetup setup);

  void on_response(const io::HttpResponseHead& head) override;
  io::BodyAction on_body(std::span<const uint8_t> bytes) override;
  void on_done(const io::TransferResult& result) override;

 private:
  enum class Mode { write, discard, stop };

  void on_chunk(uint32_t index, std::span<const uint8_t> data);
  void emit(uint64_t file_offset, std::span<const uint8_t> bytes);
  void append(uint64_t file_offset, std::span<const uint8_t> bytes);
  io::BlockPtr next_block();
  void flush();

  XorbTransferSetup setup_;
  xet::FetchAssembler assembler_;
  xet::XorbRangeDecoder decoder_;
  std::shared_ptr<XorbChunkLayout> layout_;
  Mode mode_ = Mode::discard;
  long status_ = 0;
  std::string protocol_error_;
  int64_t retry_after_seconds_ = -1;
  bool used_unpooled_ = false;  // the last callback outgrew the pool: pause until it has room
  io::BlockPtr spare_;
  io::BlockPtr current_;
  uint64_t current_offset_ = 0;
};

// "Range: bytes=first-last" for a xorb range. No Authorization: the URL is signed, and the hub
// token must never reach the CDN.
std::vector<std::string> xorb_request_headers(const xet::PlannedFetch& fetch);

}  // namespace tf::actors
