// One proxied connection: the accepted client socket, the socket to the upstream server
// (connecting without blocking), and a DelayLine each way over the shared links. The first
// bytes from the client reach the server no earlier than one round trip after the accept
// plus the one-way delay, as after a real TCP handshake.
#pragma once

#include <cstdint>
#include <optional>

#include "bench/delay_proxy/delay_line.hpp"
#include "bench/delay_proxy/link.hpp"
#include "bench/delay_proxy/socket.hpp"

namespace tf::bench {

enum class Side { client, upstream };

struct LinkSettings {
  Nanoseconds round_trip{0};
  size_t window = 0;  // bytes in flight per connection and direction
};

class Relay {
 public:
  Relay(Fd client, Fd upstream, Link& uplink, Link& downlink, LinkSettings settings,
        TimePoint accepted_at);

  int fd(Side side) const { return side == Side::client ? client_.get() : upstream_.get(); }

  // The socket of `side` is readable (or has an error): read what the window allows.
  void on_readable(Side side, TimePoint now);
  // The socket of `side` is writable: completes the connect to the upstream server.
  void on_writable(Side side);
  // Delivers what is due; closes both sockets once both directions have ended.
  void advance(TimePoint now);

  // EPOLLIN and/or EPOLLOUT as the socket of `side` needs them now (0: not watched).
  uint32_t wanted_events(Side side) const;
  std::optional<TimePoint> next_event() const;
  bool done() const { return done_; }
  uint64_t bytes_up() const { return up_.bytes_delivered(); }
  uint64_t bytes_down() const { return down_.bytes_delivered(); }

 private:
  void abort();
  void finish_if_ended();

  Fd client_;
  Fd upstream_;
  DelayLine up_;    // client -> server
  DelayLine down_;  // server -> client
  bool connected_ = false;
  bool up_blocked_ = false;    // the server's socket was full
  bool down_blocked_ = false;  // the client's socket was full
  bool done_ = false;
};

}  // namespace tf::bench
