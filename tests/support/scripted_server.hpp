// A minimal HTTP/1.1 server on 127.0.0.1 whose answers a test writes by hand: for responses
// no real server would send (absurd sizes, wrong Content-Range, a status and nothing else).
// One thread, one connection at a time, `Connection: close` after every response.
#pragma once

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace tf::test {

class ScriptedServer {
 public:
  // `respond` gets the request head (request line and headers) and returns the raw bytes to
  // send back (status line, headers, body).
  explicit ScriptedServer(std::function<std::string(const std::string&)> respond);
  ~ScriptedServer();
  ScriptedServer(const ScriptedServer&) = delete;
  ScriptedServer& operator=(const ScriptedServer&) = delete;

  std::string url(const std::string& path) const;
  std::vector<std::string> requests() const;

 private:
  void serve();

  int listen_fd_ = -1;
  int port_ = 0;
  std::function<std::string(const std::string&)> respond_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::thread thread_;
};

}  // namespace tf::test
