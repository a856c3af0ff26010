// The HTTP transport: one thread owns a libcurl multi handle and drives every transfer of the
// process on it (connection reuse, many transfers in flight, no thread per transfer). Callers
// on any thread start and cancel transfers; a TransferHandler, called on the transport thread,
// receives the response head, the body as it streams, and the outcome.
//
// This layer knows HTTP and nothing of ranges, files or the Hub.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/http_headers.hpp"

namespace tf::io {

struct HttpRequest {
  std::string method = "GET";  // GET, HEAD or POST
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;                  // sent with POST
  bool follow_redirects = true;      // curl drops Authorization when the host changes
  // A transfer that receives nothing for this long is aborted (a stalled connection).
  std::chrono::seconds stall_timeout{30};
  std::chrono::seconds connect_timeout{15};
};

struct HttpResponseHead {
  long status = 0;
  HeaderMap headers;  // of the final response
  std::string effective_url;
  // Status and headers of each redirect that was followed, in order.
  std::vector<std::pair<long, HeaderMap>> redirects;
};

struct TransferResult {
  enum class Outcome {
    completed,  // the server sent a whole response (any status)
    failed,     // connection error, timeout, truncated body...
    stopped,    // the handler asked to stop
    cancelled,  // cancel() or transport shutdown
  };
  Outcome outcome = Outcome::failed;
  std::optional<HttpResponseHead> head;  // present when a response arrived
  std::string error;                     // curl's explanation when failed
  bool stalled = false;                  // failed because nothing arrived for stall_timeout
  uint64_t body_bytes = 0;
  double seconds_to_first_byte = 0;
  double seconds_total = 0;
};

enum class BodyAction {
  accept,  // the bytes were consumed
  pause,   // consume nothing now; deliver the same bytes again after resume_paused()
  stop,    // abort the transfer (the connection is closed)
};

class TransferHandler {
 public:
  virtual ~TransferHandler() = default;
  // Once per transfer, before the first body byte, or at the end for a response without body.
  virtual void on_response(const HttpResponseHead& head) = 0;
  virtual BodyAction on_body(std::span<const uint8_t> bytes) = 0;
  // Exactly once, last.
  virtual void on_done(const TransferResult& result) = 0;
};

struct TransportOptions {
  size_t max_connections = 64;  // the process-wide connection budget
  size_t receive_buffer = 256 * 1024;
  std::string user_agent = "turbofetch/0.1";
};

struct TransportStats {
  uint64_t bytes_received = 0;
  uint64_t transfers_started = 0;
  uint64_t connections_opened = 0;
  size_t active_transfers = 0;
};

using TransferId = uint64_t;

class HttpTransport {
 public:
  explicit HttpTransport(TransportOptions options = {});
  ~HttpTransport();  // cancels what is running and joins the thread
  HttpTransport(const HttpTransport&) = delete;
  HttpTransport& operator=(const HttpTransport&) = delete;

  // Thread-safe. The handler is kept alive until its on_done has returned.
  TransferId start(HttpRequest request, std::shared_ptr<TransferHandler> handler);
  void cancel(TransferId id);
  // Un-pauses every transfer whose handler answered BodyAction::pause.
  void resume_paused();
  TransportStats stats() const;

 private:
  class Loop;
  std::unique_ptr<Loop> loop_;
};

}  // namespace tf::io
