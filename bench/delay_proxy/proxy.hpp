// The delay-line proxy's event loop: one thread, one epoll set, every listener and relayed
// connection in it, and the wake-up time of the earliest due segment or acknowledgement as the
// epoll timeout (nanosecond precision, epoll_pwait2). One thread keeps the shared links exact:
// no locks, one FIFO per direction.
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <map>
#include <memory>
#include <vector>

#include "bench/delay_proxy/link.hpp"
#include "bench/delay_proxy/relay.hpp"
#include "bench/delay_proxy/socket.hpp"

namespace tf::bench {

struct Mapping {
  sockaddr_in listen{};
  sockaddr_in upstream{};
};

struct ProxySettings {
  LinkSettings link;
  uint64_t bytes_per_second = 0;  // per direction, shared by every connection; 0: no limit
};

struct ProxyStats {
  uint64_t connections = 0;
  uint64_t bytes_up = 0;    // client -> server, delivered
  uint64_t bytes_down = 0;  // server -> client, delivered
};

class Proxy {
 public:
  // Binds every listener at once; throws std::system_error when one cannot be bound.
  Proxy(const std::vector<Mapping>& mappings, ProxySettings settings);

  // The listening addresses, with the ports the kernel chose for port 0.
  std::vector<sockaddr_in> listening() const;

  // Relays until `stop_fd` becomes readable (a signalfd).
  void run(int stop_fd);

  const ProxyStats& stats() const { return stats_; }

 private:
  struct Listener {
    Fd fd;
    sockaddr_in upstream{};
  };
  struct Watched {
    uint32_t client = 0;
    uint32_t upstream = 0;
  };

  void accept_all(size_t listener, TimePoint now);
  void dispatch(uint64_t tag, uint32_t events, TimePoint now);
  // Brings the epoll registration of both sockets of a relay in line with what it wants.
  void watch(uint64_t id, Relay& relay);
  void watch_one(int fd, uint64_t tag, uint32_t wanted, uint32_t& registered);
  void retire(std::map<uint64_t, std::unique_ptr<Relay>>::iterator it);
  std::optional<TimePoint> next_event() const;

  ProxySettings settings_;
  Link uplink_;
  Link downlink_;
  Fd epoll_;
  std::vector<Listener> listeners_;
  std::map<uint64_t, std::unique_ptr<Relay>> relays_;
  std::map<uint64_t, Watched> watched_;
  uint64_t next_id_ = 1;
  ProxyStats stats_;
};

}  // namespace tf::bench
