// A response body sent through a small buffer, with the body faults of a rule applied: cut
// (FIN or RST) after N bytes, a flipped byte, a rate limit, a stall, a false Content-Length.
// Used whenever a fault touches the body or the body has several parts (multipart ranges);
// plain single-part bodies go out with sendfile instead.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "tools/hub/http/body.hpp"
#include "tools/hub/http/fault_rule.hpp"
#include "tools/hub/http/shutdown_signal.hpp"

namespace tf::hub::http {

class BodyStream {
 public:
  // Sends a TCP reset on the connection carrying this body.
  using ResetConnection = std::function<void()>;

  BodyStream(Body body, FaultActions faults, const ShutdownSignal& shutdown,
             ResetConnection reset_connection);

  // The Content-Length to announce: the real size unless a fault claims another.
  uint64_t announced_size() const;

  // Fills `out` with body bytes at `position` (the count sent so far) and returns how many it
  // wrote, after any pacing or stall. nullopt means the connection must end now: a cut fault
  // was reached, the real body ended before the announced size, a read failed, or the server
  // is stopping.
  std::optional<size_t> read(uint64_t position, std::span<char> out);

  // Bytes handed out by read() so far.
  uint64_t bytes_produced() const { return produced_.load(); }

 private:
  // Copies body bytes [position, position + out.size()) and applies the byte flip.
  void copy_body(uint64_t position, std::span<char> out);
  // Sleeps until sending `count` more bytes after `position` keeps to the rate limit.
  bool pace(uint64_t position, size_t count);

  Body body_;
  FaultActions faults_;
  const ShutdownSignal& shutdown_;
  ResetConnection reset_connection_;
  bool stalled_ = false;
  std::optional<std::chrono::steady_clock::time_point> started_;
  std::atomic<uint64_t> produced_{0};
  // The part that holds the last position read, so sequential reads do not rescan.
  size_t cursor_part_ = 0;
  uint64_t cursor_start_ = 0;
};

}  // namespace tf::hub::http
