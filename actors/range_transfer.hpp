// The transfer handler of one request for a work item. It runs on the transport thread: it
// checks the response against the request, copies body bytes into pooled blocks, hands full
// blocks to the writer, and tells its range worker how the transfer ended.
//
// Back pressure: when the pool has no block, it flushes what it holds and answers `pause`, so
// the kernel's TCP window, not our memory, absorbs a disk that is slower than the network.
#pragma once

#include <caf/all.hpp>
#include <memory>
#include <optional>
#include <vector>

#include "actors/messages.hpp"
#include "io/buffer_pool.hpp"
#include "io/http_transport.hpp"

namespace tf::actors {

struct RangeTransferSetup {
  uint64_t item = 0;
  std::shared_ptr<RangeCursor> cursor;
  std::shared_ptr<ChunkDigester> digester;
  bool probe = false;
  uint64_t expected_total = 0;  // the object's size (range requests only)
  caf::actor worker;
  caf::actor writer;
  caf::actor supervisor;
  std::shared_ptr<io::BufferPool> pool;
};

class RangeTransfer : public io::TransferHandler {
 public:
  explicit RangeTransfer(RangeTransferSetup setup);

  void on_response(const io::HttpResponseHead& head) override;
  io::BodyAction on_body(std::span<const uint8_t> bytes) override;
  void on_done(const io::TransferResult& result) override;

 private:
  enum class Mode { write, discard, stop };

  Mode check_range_response(const io::HttpResponseHead& head);
  Mode report_probe(const io::HttpResponseHead& head);
  bool reserve_blocks(size_t bytes);
  void flush();

  RangeTransferSetup setup_;
  uint64_t next_offset_;  // file offset of the next byte we accept
  Mode mode_ = Mode::discard;
  long status_ = 0;
  bool range_ignored_ = false;
  std::string protocol_error_;
  int64_t retry_after_seconds_ = -1;
  io::BlockPtr current_;              // being filled
  uint64_t current_offset_ = 0;       // file offset of current_'s first byte
  std::vector<io::BlockPtr> spare_;   // reserved for the rest of this callback's bytes
  std::vector<ChunkDigest> digests_;  // completed chunks, sent with the next block
};

// The request headers for a work item: its Range, and If-Range with the validator.
std::vector<std::string> range_request_headers(const fetch_range& job, uint64_t from);

}  // namespace tf::actors
