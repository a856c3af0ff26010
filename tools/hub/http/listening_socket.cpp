#include "tools/hub/http/listening_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "io/error.hpp"

namespace tf::hub::http {

ListenAddress parse_listen_address(std::string_view text) {
  const auto bad = [&](const std::string& why) {
    return Error(ErrorKind::invalid_argument, "listen address '" + std::string(text) + "': " + why);
  };
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) throw bad("expected HOST:PORT, like 127.0.0.1:0");
  ListenAddress address;
  address.host = std::string(text.substr(0, colon));
  const auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535) {
    throw bad("invalid port");
  }
  address.port = static_cast<uint16_t>(port);
  in_addr ip{};
  if (inet_pton(AF_INET, address.host.c_str(), &ip) != 1) throw bad("host must be an IPv4 address");
  if ((ntohl(ip.s_addr) >> 24) != 127)
    throw bad("only loopback addresses (127.0.0.0/8) are allowed");
  return address;
}

ListeningSocket::ListeningSocket(const ListenAddress& address) : host_(address.host) {
  fd_.reset(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd_.valid()) throw system_error(errno, "socket for", address.host);
  const int one = 1;
  ::setsockopt(fd_.get(), SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(address.port);
  inet_pton(AF_INET, address.host.c_str(), &addr.sin_addr);
  if (::bind(fd_.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) != 0 ||
      ::listen(fd_.get(), SOMAXCONN) != 0) {
    const int error = errno;
    throw Error(ErrorKind::network, "cannot listen on " + address.host + ":" +
                                        std::to_string(address.port) + ": " + std::strerror(error));
  }
  socklen_t length = sizeof(addr);
  if (::getsockname(fd_.get(), reinterpret_cast<sockaddr*>(&addr), &length) != 0) {
    throw system_error(errno, "getsockname for", address.host);
  }
  port_ = ntohs(addr.sin_port);
}

std::string ListeningSocket::url() const {
  return "http://" + host_ + ":" + std::to_string(port_);
}

}  // namespace tf::hub::http
