// Loopback TCP sockets for the proxy: an owned descriptor, listening and connecting without
// blocking, and "127.0.0.1:8080" addresses (loopback only: the proxy is a test instrument).
#pragma once

#include <netinet/in.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

namespace tf::bench {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  Fd& operator=(Fd&& other) noexcept {
    if (this != &other) {
      reset();
      fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
};

// Parses "127.x.y.z:PORT"; throws std::invalid_argument for anything else (including
// addresses outside 127.0.0.0/8).
sockaddr_in parse_loopback_address(std::string_view text);
std::string to_string(const sockaddr_in& address);

// A non-blocking listening socket; throws std::system_error.
Fd listen_on(const sockaddr_in& address);
// The address a socket is bound to (the port the kernel chose for port 0).
sockaddr_in local_address(int fd);
// Starts a non-blocking connect; throws std::system_error unless it is under way or done.
Fd connect_to(const sockaddr_in& address);
// The pending error of a socket after a non-blocking connect (0: connected).
int socket_error(int fd);
// TCP_NODELAY: the proxy decides when bytes leave, Nagle must not hold them longer.
void set_no_delay(int fd);
// Closes with a TCP reset, to pass an abortive close on to the other side.
void reset_and_close(Fd& fd);

}  // namespace tf::bench
