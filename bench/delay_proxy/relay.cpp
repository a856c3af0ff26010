#include "bench/delay_proxy/relay.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>

namespace tf::bench {

namespace {

constexpr size_t kReadSize = 64 * 1024;

std::optional<TimePoint> earliest(std::optional<TimePoint> a, std::optional<TimePoint> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

Relay::Relay(Fd client, Fd upstream, Link& uplink, Link& downlink, LinkSettings settings,
             TimePoint accepted_at)
    : client_(std::move(client)),
      upstream_(std::move(upstream)),
      up_(uplink, settings.window, accepted_at + settings.round_trip),
      down_(downlink, settings.window, accepted_at) {}

void Relay::on_readable(Side side, TimePoint now) {
  if (done_) return;
  DelayLine& line = side == Side::client ? up_ : down_;
  const size_t room = line.room();
  if (room == 0) return;
  std::array<char, kReadSize> buffer{};
  const ssize_t n = ::recv(fd(side), buffer.data(), std::min(room, buffer.size()), 0);
  if (n > 0) {
    line.push(now, std::span<const char>(buffer.data(), static_cast<size_t>(n)));
  } else if (n == 0) {
    line.push_end(now);
  } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    abort();
  }
}

void Relay::on_writable(Side side) {
  if (done_ || side != Side::upstream || connected_) return;
  if (socket_error(upstream_.get()) != 0) {
    abort();
    return;
  }
  connected_ = true;
  set_no_delay(upstream_.get());
}

void Relay::advance(TimePoint now) {
  if (done_) return;
  if (connected_) {
    const auto up = up_.deliver(now, upstream_.get());
    up_blocked_ = up == DeliverResult::blocked;
    if (up == DeliverResult::failed) return abort();
  }
  const auto down = down_.deliver(now, client_.get());
  down_blocked_ = down == DeliverResult::blocked;
  if (down == DeliverResult::failed) return abort();
  finish_if_ended();
}

uint32_t Relay::wanted_events(Side side) const {
  if (done_) return 0;
  uint32_t events = 0;
  if (side == Side::client) {
    if (up_.room() > 0) events |= EPOLLIN;
    if (down_blocked_) events |= EPOLLOUT;
  } else if (!connected_) {
    events |= EPOLLOUT;
  } else {
    if (down_.room() > 0) events |= EPOLLIN;
    if (up_blocked_) events |= EPOLLOUT;
  }
  return events;
}

std::optional<TimePoint> Relay::next_event() const {
  if (done_) return std::nullopt;
  return earliest(up_.next_event(), down_.next_event());
}

void Relay::abort() {
  reset_and_close(client_);
  reset_and_close(upstream_);
  done_ = true;
}

void Relay::finish_if_ended() {
  if (!up_.ended() || !down_.ended()) return;
  client_.reset();
  upstream_.reset();
  done_ = true;
}

}  // namespace tf::bench
