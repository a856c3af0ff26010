#include "bench/delay_proxy/delay_line.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace tf::bench {

DelayLine::DelayLine(Link& link, size_t window, TimePoint opens_at)
    : link_(link), window_(window), opens_at_(opens_at) {}

size_t DelayLine::room() const {
  if (end_read_ || in_flight_ >= window_) return 0;
  return window_ - in_flight_;
}

void DelayLine::push(TimePoint now, std::span<const char> bytes) {
  if (bytes.empty()) return;
  const TimePoint due =
      std::max(link_.schedule(now, bytes.size()), opens_at_ + link_.one_way_delay());
  segments_.push_back({due, std::string(bytes.begin(), bytes.end())});
  in_flight_ += bytes.size();
}

void DelayLine::push_end(TimePoint now) {
  end_read_ = true;
  const TimePoint due = std::max(link_.schedule(now, 0), opens_at_ + link_.one_way_delay());
  segments_.push_back({due, std::string()});
}

DeliverResult DelayLine::deliver(TimePoint now, int fd) {
  while (!acks_.empty() && acks_.front().due <= now) {
    in_flight_ -= acks_.front().bytes;
    acks_.pop_front();
  }
  // Segments leave in order: a later one is never due before an earlier one (Link is FIFO).
  while (!segments_.empty() && segments_.front().due <= now) {
    Segment& segment = segments_.front();
    if (segment.bytes.empty()) {
      ::shutdown(fd, SHUT_WR);
      end_delivered_ = true;
      segments_.pop_front();
      continue;
    }
    while (segment.written < segment.bytes.size()) {
      const ssize_t n = ::send(fd, segment.bytes.data() + segment.written,
                               segment.bytes.size() - segment.written, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return DeliverResult::blocked;
      if (n <= 0) return DeliverResult::failed;
      segment.written += static_cast<size_t>(n);
      delivered_ += static_cast<uint64_t>(n);
    }
    // Acknowledged once the receiver has it and the ack has crossed back.
    acks_.push_back({now + link_.one_way_delay(), segment.bytes.size()});
    segments_.pop_front();
  }
  return DeliverResult::idle;
}

std::optional<TimePoint> DelayLine::next_event() const {
  std::optional<TimePoint> next;
  if (!acks_.empty()) next = acks_.front().due;
  if (!segments_.empty() && (!next || segments_.front().due < *next)) {
    next = segments_.front().due;
  }
  return next;
}

bool DelayLine::has_due_bytes(TimePoint now) const {
  return !segments_.empty() && segments_.front().due <= now;
}

}  // namespace tf::bench
