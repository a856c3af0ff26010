// One direction of one proxied connection, as a long TCP path would carry it: bytes read
// from the source are held until the link delivers them (Link::schedule), then written to
// the destination; each delivered segment is acknowledged one more one-way delay later. At
// most `window` bytes may be unacknowledged, so one connection moves at most window / RTT,
// like TCP with that window on a real long link. The reader stops reading (TCP back pressure
// on the source) while the window is full.
#pragma once

#include <cstddef>
#include <deque>
#include <optional>
#include <span>
#include <string>

#include "bench/delay_proxy/link.hpp"

namespace tf::bench {

enum class DeliverResult {
  idle,     // nothing due (or all due bytes written)
  blocked,  // the destination's socket is full: wait for it to become writable
  failed,   // the destination is gone (reset, closed)
};

class DelayLine {
 public:
  // No byte read before `opens_at` is released before `opens_at` plus the link's delay: the
  // TCP handshake a real connection would spend first.
  DelayLine(Link& link, size_t window, TimePoint opens_at);

  // How many bytes the line takes from the source now: 0 while the window is full or after
  // the end of the stream.
  size_t room() const;

  // Bytes read from the source at `now`, or the end of its stream.
  void push(TimePoint now, std::span<const char> bytes);
  void push_end(TimePoint now);

  // Frees the window of acknowledgements due by `now`, writes the segments due by `now` to
  // `fd` and, when the end of the stream is due, shuts `fd` down for writing.
  DeliverResult deliver(TimePoint now, int fd);

  // The next moment deliver() has work (a segment or an acknowledgement due), if any.
  std::optional<TimePoint> next_event() const;

  bool has_due_bytes(TimePoint now) const;
  bool ended() const { return end_delivered_; }  // the end was passed on
  uint64_t bytes_delivered() const { return delivered_; }

 private:
  struct Segment {
    TimePoint due;
    std::string bytes;  // empty: the end of the stream
    size_t written = 0;
  };
  struct Ack {
    TimePoint due;
    size_t bytes;
  };

  Link& link_;
  size_t window_;
  TimePoint opens_at_;
  std::deque<Segment> segments_;
  std::deque<Ack> acks_;
  size_t in_flight_ = 0;  // read and not yet acknowledged
  bool end_read_ = false;
  bool end_delivered_ = false;
  uint64_t delivered_ = 0;
};

}  // namespace tf::bench
