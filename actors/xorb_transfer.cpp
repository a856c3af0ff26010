#include "actors/xorb_transfer.hpp"

#include <algorithm>

#include "io/error.hpp"
#include "io/http_headers.hpp"

namespace tf::actors {

std::vector<std::string> xorb_request_headers(const xet::PlannedFetch& fetch) {
  return {"Range: bytes=" + std::to_string(fetch.range.bytes.first) + "-" +
          std::to_string(fetch.range.bytes.last)};
}

XorbTransfer::XorbTransfer(XorbTransferSetup setup)
    : setup_(std::move(setup)),
      assembler_(setup_.fetch),
      decoder_(
          setup_.fetch.range.chunks.start, setup_.fetch.range.chunks.count(),
          [this](uint32_t index, std::span<const uint8_t> data) { on_chunk(index, data); },
          "xorb " + setup_.fetch.xorb.hex() + " bytes " +
              std::to_string(setup_.fetch.range.bytes.first) + "-" +
              std::to_string(setup_.fetch.range.bytes.last)),
      layout_(std::make_shared<XorbChunkLayout>()) {
  const size_t count = setup_.fetch.range.chunks.count();
  layout_->lengths.assign(count, 0);
  layout_->file_offsets.assign(count, -1);
}

void XorbTransfer::on_response(const io::HttpResponseHead& head) {
  status_ = head.status;
  if (const auto value = io::find_header(head.headers, "retry-after")) {
    if (const auto delay = io::parse_retry_after(*value, std::chrono::system_clock::now())) {
      retry_after_seconds_ = delay->count();
    }
  }
  if (head.status != 206) {
    // 200 would be the whole xorb, not the range the reconstruction described.
    if (head.status == 200) protocol_error_ = "HTTP 200 (not the range asked for) from the CDN";
    mode_ = head.status == 200 ? Mode::stop : Mode::discard;
    return;
  }
  const auto header = io::find_header(head.headers, "content-range");
  const auto range = header ? io::parse_content_range(*header) : std::nullopt;
  const auto& wanted = setup_.fetch.range.bytes;
  if (!range || !range->first || *range->first != wanted.first || !range->last ||
      *range->last != wanted.last) {
    protocol_error_ = "206 with Content-Range '" + std::string(header.value_or("")) +
                      "' for xorb bytes " + std::to_string(wanted.first) + "-" +
                      std::to_string(wanted.last);
    mode_ = Mode::stop;
    return;
  }
  mode_ = Mode::write;
}

io::BodyAction XorbTransfer::on_body(std::span<const uint8_t> bytes) {
  if (mode_ == Mode::discard) return io::BodyAction::accept;
  if (mode_ == Mode::stop) return io::BodyAction::stop;
  if (used_unpooled_) {
    // Bytes not taken now are delivered again once the writer has given blocks back.
    if (!spare_) spare_ = setup_.pool->try_acquire();
    if (!spare_) return io::BodyAction::pause;
    used_unpooled_ = false;
  }
  try {
    decoder_.feed(bytes);
  } catch (const Error& e) {
    protocol_error_ = e.what();
    flush();
    return io::BodyAction::stop;
  }
  setup_.progress->bytes_fetched += bytes.size();
  return io::BodyAction::accept;
}

void XorbTransfer::on_chunk(uint32_t index, std::span<const uint8_t> data) {
  const size_t slot = index - setup_.fetch.range.chunks.start;
  layout_->lengths[slot] = static_cast<uint32_t>(data.size());
  for (const auto& write : assembler_.place(index, data.size())) {
    if (write.offset_in_chunk == 0 && write.length == data.size() &&
        layout_->file_offsets[slot] < 0) {
      layout_->file_offsets[slot] = static_cast<int64_t>(write.file_offset);
    }
    emit(write.file_offset, data.subspan(write.offset_in_chunk, write.length));
  }
}

// Writes `bytes` at `file_offset`, leaving out the parts that fall in complete grid chunks.
void XorbTransfer::emit(uint64_t file_offset, std::span<const uint8_t> bytes) {
  const auto& complete = *setup_.complete_chunks;
  while (!bytes.empty()) {
    const uint64_t chunk = file_offset / setup_.chunk_size;
    const uint64_t chunk_end = (chunk + 1) * setup_.chunk_size;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(bytes.size(), chunk_end - file_offset));
    if (chunk >= complete.size() || !complete[chunk]) append(file_offset, bytes.first(n));
    bytes = bytes.subspan(n);
    file_offset += n;
  }
}

void XorbTransfer::append(uint64_t file_offset, std::span<const uint8_t> bytes) {
  if (current_ && current_offset_ + current_->size() != file_offset) flush();
  while (!bytes.empty()) {
    if (!current_) {
      current_ = next_block();
      current_offset_ = file_offset;
    }
    const size_t n = current_->fill(bytes);
    bytes = bytes.subspan(n);
    file_offset += n;
    if (current_->full()) flush();
  }
}

io::BlockPtr XorbTransfer::next_block() {
  if (spare_) return std::move(spare_);
  if (auto block = setup_.pool->try_acquire()) return block;
  used_unpooled_ = true;
  return std::make_shared<io::Block>(setup_.pool->block_size());
}

void XorbTransfer::flush() {
  if (current_ && current_->size() > 0) {
    caf::anon_send(setup_.writer,
                   write_block{setup_.unit, current_offset_, std::move(current_), {}});
  }
  current_.reset();
}

void XorbTransfer::on_done(const io::TransferResult& result) {
  const bool received =
      result.outcome == io::TransferResult::Outcome::completed && mode_ == Mode::write;
  if (received && protocol_error_.empty()) {
    try {
      decoder_.finish();
      assembler_.finish();
    } catch (const Error& e) {
      protocol_error_ = e.what();
    }
  }
  flush();
  spare_.reset();
  xorb_done done;
  done.unit = setup_.unit;
  done.outcome = static_cast<int>(result.outcome);
  done.status = result.head ? result.head->status : status_;
  done.error = result.error;
  done.stalled = result.stalled;
  done.protocol_error = protocol_error_;
  done.retry_after_seconds = retry_after_seconds_;
  done.body_bytes = result.body_bytes;
  done.layout = layout_;
  caf::anon_send(setup_.supervisor, std::move(done));
}

}  // namespace tf::actors
