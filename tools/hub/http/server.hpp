// An HTTP/1.1 server on one loopback socket, built on libmicrohttpd (parsing, keep-alive,
// sendfile). It turns each request into a Request, asks the fault plan whether this request
// goes wrong, calls the handler, and sends the Response: with sendfile when the body is one
// file slice and no fault touches it, through a BodyStream otherwise. Every request outside
// the control prefix is recorded in the request log.
//
// One thread per connection: fault delays and stalls sleep in that thread and hold up nothing
// else.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "tools/hub/http/fault_plan.hpp"
#include "tools/hub/http/listening_socket.hpp"
#include "tools/hub/http/request.hpp"
#include "tools/hub/http/request_log.hpp"
#include "tools/hub/http/response.hpp"
#include "tools/hub/http/shutdown_signal.hpp"

struct MHD_Daemon;
struct MHD_Connection;
struct MHD_Response;

namespace tf::hub::http {

using Handler = std::function<Response(Request& request)>;

struct ServerOptions {
  Listener listener = Listener::hub;
  // Requests whose path starts with this (the admin API) bypass faults and the request log.
  std::string control_prefix;
  // Larger request bodies get 413.
  size_t max_request_body = size_t{16} << 20;
  // The base of absolute URLs handed out (Request::base_url), when clients reach the server
  // through a proxy; empty: the listener's own URL.
  std::string public_url;
};

class Server {
 public:
  // Starts serving on `socket` at once; throws tf::Error(network) if libmicrohttpd refuses.
  // The fault plan, log and shutdown signal must outlive the server.
  Server(ListeningSocket socket, ServerOptions options, Handler handler, FaultPlan& faults,
         RequestLog& log, const ShutdownSignal& shutdown);
  // Stops accepting, waits for the connection threads to finish (trigger the shutdown signal
  // first, so that fault sleeps end) and closes the socket.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // "http://127.0.0.1:PORT"
  const std::string& url() const { return url_; }

 private:
  struct Exchange;
  friend struct ServerCallbacks;  // libmicrohttpd's entry points, in server.cpp

  Request make_request(MHD_Connection* connection, const Exchange& exchange,
                       const char* method) const;
  // Builds the response for a fully received request and queues it.
  bool respond(MHD_Connection* connection, Exchange& exchange, const char* method);
  Response answer(Request& request, const std::optional<AppliedFault>& fault) const;
  bool queue(MHD_Connection* connection, Exchange& exchange, const Request& request,
             Response response, const std::optional<AppliedFault>& fault);
  // The libmicrohttpd response for a body: from a buffer, from a file (sendfile), or through a
  // BodyStream when a fault touches the body or it has several parts.
  MHD_Response* make_mhd_response(MHD_Connection* connection, Exchange& exchange, Body body,
                                  const std::optional<AppliedFault>& fault);
  void log_response(MHD_Connection* connection, Exchange& exchange, const Request& request,
                    int status, const std::optional<AppliedFault>& fault);
  bool is_control(const Request& request) const;

  ServerOptions options_;
  Handler handler_;
  FaultPlan& faults_;
  RequestLog& log_;
  const ShutdownSignal& shutdown_;
  std::string url_;
  MHD_Daemon* daemon_ = nullptr;
};

}  // namespace tf::hub::http
