#include "tools/hub/http/body_stream.hpp"

#include <algorithm>
#include <cstring>

#include "io/error.hpp"
#include "tools/hub/sys/full_io.hpp"

namespace tf::hub::http {

namespace {

// Small enough that a rate limit is smooth, large enough to keep a fast client busy.
constexpr size_t kRateChunksPerSecond = 20;

uint64_t part_size(const BodyPart& part) {
  if (const auto* bytes = std::get_if<std::string>(&part)) return bytes->size();
  return std::get<FileSlice>(part).length;
}

}  // namespace

BodyStream::BodyStream(Body body, FaultActions faults, const ShutdownSignal& shutdown,
                       ResetConnection reset_connection)
    : body_(std::move(body)),
      faults_(std::move(faults)),
      shutdown_(shutdown),
      reset_connection_(std::move(reset_connection)) {}

uint64_t BodyStream::announced_size() const {
  return faults_.claim_content_length.value_or(body_.size());
}

std::optional<size_t> BodyStream::read(uint64_t position, std::span<char> out) {
  if (shutdown_.triggered() || position >= body_.size()) return std::nullopt;
  if (!started_) started_ = std::chrono::steady_clock::now();
  size_t count = static_cast<size_t>(std::min<uint64_t>(out.size(), body_.size() - position));

  const auto cut =
      faults_.reset_after_bytes ? faults_.reset_after_bytes : faults_.close_after_bytes;
  if (cut) {
    if (position >= *cut) {
      if (faults_.reset_after_bytes) reset_connection_();
      return std::nullopt;
    }
    count = static_cast<size_t>(std::min<uint64_t>(count, *cut - position));
  }
  if (faults_.stall_after_bytes && !stalled_) {
    if (position >= *faults_.stall_after_bytes) {
      stalled_ = true;
      if (!shutdown_.sleep_for(std::chrono::milliseconds(*faults_.stall_ms))) return std::nullopt;
    } else {
      count = static_cast<size_t>(std::min<uint64_t>(count, *faults_.stall_after_bytes - position));
    }
  }
  if (faults_.rate_bytes_per_sec) {
    const uint64_t chunk =
        std::max<uint64_t>(1, *faults_.rate_bytes_per_sec / kRateChunksPerSecond);
    count = static_cast<size_t>(std::min<uint64_t>(count, chunk));
    if (!pace(position, count)) return std::nullopt;
  }
  try {
    copy_body(position, out.first(count));
  } catch (const Error&) {
    return std::nullopt;  // the file changed under us: end the connection, the client retries
  }
  produced_ += count;
  return count;
}

bool BodyStream::pace(uint64_t position, size_t count) {
  const double seconds =
      static_cast<double>(position + count) / static_cast<double>(*faults_.rate_bytes_per_sec);
  const auto due = *started_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                   std::chrono::duration<double>(seconds));
  const auto now = std::chrono::steady_clock::now();
  return due <= now || shutdown_.sleep_for(due - now);
}

void BodyStream::copy_body(uint64_t position, std::span<char> out) {
  const auto& parts = body_.parts();
  if (position < cursor_start_) {
    cursor_part_ = 0;
    cursor_start_ = 0;
  }
  size_t written = 0;
  while (written < out.size()) {
    if (cursor_part_ >= parts.size()) {
      throw Error(ErrorKind::internal, "body stream read past its end");
    }
    const BodyPart& part = parts[cursor_part_];
    const uint64_t size = part_size(part);
    const uint64_t at = position + written;
    if (at >= cursor_start_ + size) {
      cursor_start_ += size;
      ++cursor_part_;
      continue;
    }
    const uint64_t offset_in_part = at - cursor_start_;
    const size_t n =
        static_cast<size_t>(std::min<uint64_t>(out.size() - written, size - offset_in_part));
    char* target = out.data() + written;
    if (const auto* bytes = std::get_if<std::string>(&part)) {
      std::memcpy(target, bytes->data() + offset_in_part, n);
    } else {
      const auto& slice = std::get<FileSlice>(part);
      const uint64_t file_offset = slice.offset + offset_in_part;
      if (sys::pread_full(slice.file->fd(), target, n, file_offset, slice.file->name()) != n) {
        throw Error(ErrorKind::io, slice.file->name() + " is shorter than when it was opened");
      }
      const auto flip = faults_.flip_byte_at;
      if (flip && *flip >= file_offset && *flip < file_offset + n) {
        target[*flip - file_offset] = static_cast<char>(~target[*flip - file_offset]);
      }
    }
    written += n;
  }
}

}  // namespace tf::hub::http
