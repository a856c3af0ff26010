#include "bench/delay_proxy/proxy.hpp"

#include <sys/epoll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <system_error>

namespace tf::bench {

namespace {

// epoll tags: the low two bits say what the descriptor is, the rest is an index or relay id.
enum Kind : uint64_t { kListener = 0, kClient = 1, kUpstream = 2, kStop = 3 };
uint64_t tag(Kind kind, uint64_t id) {
  return (id << 2) | kind;
}

constexpr size_t kMaxEvents = 64;

}  // namespace

Proxy::Proxy(const std::vector<Mapping>& mappings, ProxySettings settings)
    : settings_(settings),
      uplink_(settings.link.round_trip / 2, settings.bytes_per_second),
      downlink_(settings.link.round_trip / 2, settings.bytes_per_second),
      epoll_(::epoll_create1(EPOLL_CLOEXEC)) {
  if (!epoll_.valid()) throw std::system_error(errno, std::generic_category(), "epoll_create1");
  for (const auto& mapping : mappings) {
    listeners_.push_back({listen_on(mapping.listen), mapping.upstream});
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.u64 = tag(kListener, listeners_.size() - 1);
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, listeners_.back().fd.get(), &event);
  }
}

std::vector<sockaddr_in> Proxy::listening() const {
  std::vector<sockaddr_in> out;
  for (const auto& listener : listeners_)
    out.push_back(local_address(listener.fd.get()));
  return out;
}

void Proxy::run(int stop_fd) {
  epoll_event stop{};
  stop.events = EPOLLIN;
  stop.data.u64 = tag(kStop, 0);
  ::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, stop_fd, &stop);
  std::array<epoll_event, kMaxEvents> events{};
  while (true) {
    TimePoint now = Clock::now();
    for (auto it = relays_.begin(); it != relays_.end();) {
      it->second->advance(now);
      if (it->second->done()) {
        const auto next = std::next(it);
        retire(it);
        it = next;
      } else {
        watch(it->first, *it->second);
        ++it;
      }
    }
    timespec timeout{};
    timespec* timeout_ptr = nullptr;  // no timer due: wait for sockets only
    if (const auto next = next_event()) {
      const auto wait = std::max(Nanoseconds(0), *next - Clock::now());
      timeout.tv_sec = static_cast<time_t>(wait.count() / 1'000'000'000);
      timeout.tv_nsec = static_cast<long>(wait.count() % 1'000'000'000);
      timeout_ptr = &timeout;
    }
    const int n = ::epoll_pwait2(epoll_.get(), events.data(), static_cast<int>(events.size()),
                                 timeout_ptr, nullptr);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::system_error(errno, std::generic_category(), "epoll_pwait2");
    now = Clock::now();
    for (int i = 0; i < n; ++i) {
      if ((events[static_cast<size_t>(i)].data.u64 & 3) == kStop) {
        for (const auto& [id, relay] : relays_) {
          stats_.bytes_up += relay->bytes_up();
          stats_.bytes_down += relay->bytes_down();
        }
        return;
      }
      dispatch(events[static_cast<size_t>(i)].data.u64, events[static_cast<size_t>(i)].events, now);
    }
  }
}

void Proxy::dispatch(uint64_t event_tag, uint32_t events, TimePoint now) {
  const uint64_t id = event_tag >> 2;
  if ((event_tag & 3) == kListener) return accept_all(id, now);
  const auto it = relays_.find(id);
  if (it == relays_.end()) return;  // retired earlier in this batch
  const Side side = (event_tag & 3) == kClient ? Side::client : Side::upstream;
  Relay& relay = *it->second;
  if (events & EPOLLOUT) relay.on_writable(side);
  if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) relay.on_readable(side, now);
}

void Proxy::accept_all(size_t listener, TimePoint now) {
  // Bounded: the backlog holds at most SOMAXCONN connections.
  for (int i = 0; i < SOMAXCONN; ++i) {
    Fd client(
        ::accept4(listeners_[listener].fd.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
    if (!client.valid()) return;  // EAGAIN: no more waiting
    set_no_delay(client.get());
    Fd upstream;
    try {
      upstream = connect_to(listeners_[listener].upstream);
    } catch (const std::system_error&) {
      reset_and_close(client);
      continue;
    }
    const uint64_t id = next_id_++;
    auto relay = std::make_unique<Relay>(std::move(client), std::move(upstream), uplink_, downlink_,
                                         settings_.link, now);
    watch(id, *relay);
    relays_.emplace(id, std::move(relay));
    ++stats_.connections;
  }
}

void Proxy::watch(uint64_t id, Relay& relay) {
  Watched& watched = watched_[id];
  watch_one(relay.fd(Side::client), tag(kClient, id), relay.wanted_events(Side::client),
            watched.client);
  watch_one(relay.fd(Side::upstream), tag(kUpstream, id), relay.wanted_events(Side::upstream),
            watched.upstream);
}

void Proxy::watch_one(int fd, uint64_t event_tag, uint32_t wanted, uint32_t& registered) {
  if (wanted == registered || fd < 0) return;
  // A socket with nothing wanted leaves the set: a hung-up socket would otherwise wake the
  // loop without end (EPOLLHUP is reported whatever the interest).
  if (wanted == 0) {
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, fd, nullptr);
  } else {
    epoll_event event{};
    event.events = wanted;
    event.data.u64 = event_tag;
    ::epoll_ctl(epoll_.get(), registered == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd, &event);
  }
  registered = wanted;
}

void Proxy::retire(std::map<uint64_t, std::unique_ptr<Relay>>::iterator it) {
  stats_.bytes_up += it->second->bytes_up();
  stats_.bytes_down += it->second->bytes_down();
  watched_.erase(it->first);
  relays_.erase(it);  // closing the sockets removes them from the epoll set
}

std::optional<TimePoint> Proxy::next_event() const {
  std::optional<TimePoint> next;
  for (const auto& [id, relay] : relays_) {
    const auto event = relay->next_event();
    if (event && (!next || *event < *next)) next = event;
  }
  return next;
}

}  // namespace tf::bench
