#include "actors/range_transfer.hpp"

#include <chrono>

#include "io/http_headers.hpp"

namespace tf::actors {

namespace {

// The validator to send in If-Range later: a strong ETag, else Last-Modified.
std::string validator_of(const io::HeaderMap& headers) {
  if (const auto etag = io::find_header(headers, "etag")) {
    const auto tag = io::parse_entity_tag(*etag);
    if (tag && !tag->weak) return tag->value;
  }
  if (const auto modified = io::find_header(headers, "last-modified"))
    return std::string(*modified);
  return {};
}

}  // namespace

std::vector<std::string> range_request_headers(const fetch_range& job, uint64_t from) {
  std::vector<std::string> headers;
  if (job.probe) {
    if (!job.whole_object) headers.emplace_back("Range: bytes=0-0");
    return headers;
  }
  headers.push_back("Range: bytes=" + std::to_string(from) + "-" +
                    std::to_string(job.cursor->end() - 1));
  if (!job.validator.empty()) headers.push_back("If-Range: " + job.validator);
  return headers;
}

RangeTransfer::RangeTransfer(RangeTransferSetup setup)
    : setup_(std::move(setup)), next_offset_(setup_.cursor->received()) {}

void RangeTransfer::on_response(const io::HttpResponseHead& head) {
  status_ = head.status;
  if (const auto value = io::find_header(head.headers, "retry-after")) {
    if (const auto delay = io::parse_retry_after(*value, std::chrono::system_clock::now())) {
      retry_after_seconds_ = delay->count();
    }
  }
  mode_ = setup_.probe ? report_probe(head) : check_range_response(head);
}

RangeTransfer::Mode RangeTransfer::check_range_response(const io::HttpResponseHead& head) {
  if (head.status == 200) {
    range_ignored_ = true;
    return Mode::stop;
  }
  if (head.status != 206) return Mode::discard;  // an error page: never into the file
  const auto header = io::find_header(head.headers, "content-range");
  const auto range = header ? io::parse_content_range(*header) : std::nullopt;
  if (!range || !range->first || *range->first != next_offset_) {
    protocol_error_ = "206 response with Content-Range '" + std::string(header.value_or("")) +
                      "' for a request starting at byte " + std::to_string(next_offset_);
    return Mode::stop;
  }
  if (range->total && *range->total != setup_.expected_total) {
    // The object's size changed: a different version.
    range_ignored_ = true;
    return Mode::stop;
  }
  return Mode::write;
}

RangeTransfer::Mode RangeTransfer::report_probe(const io::HttpResponseHead& head) {
  probe_result probe;
  probe.status = head.status;
  probe.validator = validator_of(head.headers);
  probe.effective_url = head.effective_url;
  Mode mode = Mode::discard;
  if (head.status == 206 || head.status == 416) {
    const auto header = io::find_header(head.headers, "content-range");
    const auto range = header ? io::parse_content_range(*header) : std::nullopt;
    if (range && range->total && (head.status == 206 || *range->total == 0)) {
      probe.ranges_supported = true;
      probe.size_known = true;
      probe.size = *range->total;
    } else {
      protocol_error_ = "HTTP " + std::to_string(head.status) + " without a usable Content-Range";
      return Mode::stop;
    }
  } else if (head.status == 200) {
    // No Range support: this response is the whole object; stream it into the file.
    if (const auto length = io::find_header(head.headers, "content-length")) {
      if (const auto size = io::parse_content_length(*length)) {
        probe.size_known = true;
        probe.size = *size;
        setup_.cursor->try_shrink(*size);
      }
    }
    mode = Mode::write;
  } else {
    return Mode::discard;  // an error: the worker decides with the status
  }
  caf::anon_send(setup_.supervisor, std::move(probe));
  return mode;
}

bool RangeTransfer::reserve_blocks(size_t bytes) {
  size_t capacity = current_ ? current_->space() : 0;
  for (const auto& block : spare_)
    capacity += block->space();
  while (capacity < bytes) {
    io::BlockPtr block = setup_.pool->try_acquire();
    if (!block) return false;
    capacity += block->space();
    spare_.push_back(std::move(block));
  }
  return true;
}

io::BodyAction RangeTransfer::on_body(std::span<const uint8_t> bytes) {
  if (mode_ == Mode::discard) return io::BodyAction::accept;
  if (mode_ == Mode::stop) return io::BodyAction::stop;
  if (!reserve_blocks(bytes.size())) {
    // Hand over what we hold so the writer can free blocks, then let TCP hold the rest.
    flush();
    return io::BodyAction::pause;
  }
  const uint64_t allowed = setup_.cursor->take(bytes.size());
  auto input = bytes.first(allowed);
  while (!input.empty()) {
    if (!current_) {
      current_ = std::move(spare_.back());
      spare_.pop_back();
      current_offset_ = next_offset_;
    }
    const size_t n = current_->fill(input);
    setup_.digester->feed(next_offset_, input.first(n), digests_);
    input = input.subspan(n);
    next_offset_ += n;
    if (current_->full()) flush();
  }
  if (allowed < bytes.size()) {
    // The item ends here (its far half went to another connection, or the server sent more
    // than we asked for): keep nothing beyond it.
    flush();
    return io::BodyAction::stop;
  }
  return io::BodyAction::accept;
}

void RangeTransfer::flush() {
  if (current_ && current_->size() > 0) {
    caf::anon_send(setup_.writer, write_block{setup_.item, current_offset_, std::move(current_),
                                              std::move(digests_)});
    digests_.clear();
  }
  current_.reset();
}

void RangeTransfer::on_done(const io::TransferResult& result) {
  flush();
  spare_.clear();
  transfer_done done;
  done.item = setup_.item;
  done.outcome = static_cast<int>(result.outcome);
  done.status = result.head ? result.head->status : status_;
  done.error = result.error;
  done.stalled = result.stalled;
  done.range_ignored = range_ignored_;
  done.protocol_error = protocol_error_;
  done.retry_after_seconds = retry_after_seconds_;
  done.body_bytes = result.body_bytes;
  caf::anon_send(setup_.worker, std::move(done));
}

}  // namespace tf::actors
