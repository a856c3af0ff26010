// The sockets tf-hub listens on. Only loopback addresses (127.0.0.0/8) are accepted: the hub
// serves test data with an admin API and must never be reachable from another machine.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::http {

struct ListenAddress {
  std::string host;   // dotted IPv4 in 127.0.0.0/8
  uint16_t port = 0;  // 0: any free port
};

// Parses "127.0.0.1:8080" (port 0 picks a free one); throws tf::Error(invalid_argument) for
// anything else, including addresses outside 127.0.0.0/8.
ListenAddress parse_listen_address(std::string_view text);

class ListeningSocket {
 public:
  // Binds and listens; throws tf::Error(network) when the address is taken.
  explicit ListeningSocket(const ListenAddress& address);

  int fd() const { return fd_.get(); }
  uint16_t port() const { return port_; }
  // "http://127.0.0.1:PORT", the base of absolute URLs the server hands out.
  std::string url() const;
  // Hands the descriptor to the HTTP server, which closes it when it stops.
  int release() { return fd_.release(); }

 private:
  sys::UniqueFd fd_;
  std::string host_;
  uint16_t port_ = 0;
};

}  // namespace tf::hub::http
