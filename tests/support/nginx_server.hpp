// A real nginx serving a folder on 127.0.0.1, started per test (or per fixture) with its own
// configuration in a temporary folder and stopped by the destructor.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "support/subprocess.hpp"
#include "support/test_support.hpp"

namespace tf::test {

struct NginxOptions {
  // Per-connection cap in bytes/s (nginx limit_rate), like a CDN's; 0 for none.
  uint64_t limit_rate = 0;
  // Extra directives inside the server block (e.g. a `location` that redirects).
  std::string extra_server_config;
};

class NginxServer {
 public:
  explicit NginxServer(std::filesystem::path root, NginxOptions options = {});
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  int port() const { return port_; }
  // http://127.0.0.1:PORT + path (path starts with '/').
  std::string url(const std::string& path) const;

 private:
  TempDir prefix_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

// True when a TCP connection to 127.0.0.1:port succeeds.
bool port_accepts_connections(int port);

}  // namespace tf::test
