// A real nginx serving a folder on 127.0.0.1, started per test (or per fixture) with its own
// configuration in a temporary folder and stopped by the destructor.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/subprocess.hpp"
#include "support/test_support.hpp"

namespace tf::test {

struct NginxOptions {
  // Per-connection cap in bytes/s (nginx limit_rate), like a CDN's; 0 for none.
  uint64_t limit_rate = 0;
  // Extra directives inside the server block (e.g. a `location` that redirects).
  std::string extra_server_config;
  // Log every request (method, uri, Range, status, body bytes sent) for access_log().
  bool access_log = false;
};

struct AccessLogEntry {
  std::string method;
  std::string uri;
  std::string range;  // "-" when none
  int status = 0;
  uint64_t body_bytes = 0;
};

class NginxServer {
 public:
  explicit NginxServer(std::filesystem::path root, NginxOptions options = {});
  ~NginxServer();
  NginxServer(const NginxServer&) = delete;
  NginxServer& operator=(const NginxServer&) = delete;

  int port() const { return port_; }
  // Restarts nginx on the same port with other options (same URLs, same ETags, same log).
  void reconfigure(NginxOptions options);
  // http://127.0.0.1:PORT + path (path starts with '/').
  std::string url(const std::string& path) const;
  // Requests logged so far (needs NginxOptions::access_log).
  std::vector<AccessLogEntry> access_log() const;
  uint64_t body_bytes_sent() const;

 private:
  void start(const NginxOptions& options);
  void stop();

  TempDir prefix_;
  std::filesystem::path root_;
  int port_ = 0;
  std::unique_ptr<Subprocess> process_;
};

// True when a TCP connection to 127.0.0.1:port succeeds.
bool port_accepts_connections(int port);

}  // namespace tf::test
