#include "tools/hub/http/server.hpp"

#include <linux/sockios.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <memory>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "tools/hub/http/body_stream.hpp"

namespace tf::hub::http {

namespace {

// Bytes the body stream produces per call; libmicrohttpd allocates one such buffer per
// streamed response.
constexpr size_t kStreamBlockSize = 256 * 1024;
// A client that keeps sending a body long past the limit is cut off instead of read forever.
constexpr size_t kDiscardLimitFactor = 4;
constexpr unsigned kIdleTimeoutSeconds = 120;
constexpr unsigned kMaxConnections = 1000;
constexpr size_t kConnectionMemory = 64 * 1024;  // request headers must fit in it
constexpr auto kResetDrainLimit = std::chrono::seconds(2);

enum class SendMode { buffer, file, stream };

// Sends a TCP RST on `fd` right away. First it pushes out and waits (bounded) for what is
// queued, so the client receives exactly the bytes sent before the reset. Linux turns
// connect(AF_UNSPEC) on a connected TCP socket into an immediate reset; with SO_LINGER 0 the
// final close stays abortive too.
void reset_connection(int fd) {
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  const auto deadline = std::chrono::steady_clock::now() + kResetDrainLimit;
  int unsent = 0;
  while (::ioctl(fd, SIOCOUTQ, &unsent) == 0 && unsent > 0 &&
         std::chrono::steady_clock::now() < deadline) {
    ::usleep(1000);
  }
  const linger abortive{1, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof(abortive));
  sockaddr unspecified{};
  unspecified.sa_family = AF_UNSPEC;
  ::connect(fd, &unspecified, sizeof(unspecified));
}

Response status_fault_response(const FaultActions& actions) {
  Response response = json_response(
      *actions.status,
      {{"error", "tf-hub injected fault: status " + std::to_string(*actions.status)}});
  if (actions.retry_after_seconds) {
    response.set_header("Retry-After", std::to_string(*actions.retry_after_seconds));
  }
  return response;
}

std::optional<std::string> header_value(MHD_Connection* connection, const char* name) {
  const char* value = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

}  // namespace

// What the server keeps about one request, from its request line until it completes.
struct Server::Exchange {
  std::string target;
  // Where libmicrohttpd's copy of the target starts, to detect a NUL inside it (see below).
  const char* target_in_line = nullptr;
  bool headers_received = false;
  std::string body;
  size_t body_bytes_received = 0;
  bool malformed_target = false;
  // Set once a response is queued.
  bool logged = false;
  uint64_t log_seq = 0;
  SendMode mode = SendMode::buffer;
  uint64_t body_size = 0;
  bool head = false;
  std::shared_ptr<BodyStream> stream;
};

struct ServerCallbacks {
  static void* on_request_line(void* /*self*/, const char* target, MHD_Connection* /*c*/) {
    auto exchange = std::make_unique<Server::Exchange>();
    exchange->target = target;
    exchange->target_in_line = target;
    return exchange.release();  // owned by libmicrohttpd until on_completed
  }

  // libmicrohttpd hands the target over as a C string, so a raw NUL byte in the request line
  // would silently cut it short. In "METHOD SP target SP version" the version starts right
  // after the target and one space; if it does not, the target held a NUL.
  static bool target_was_cut(const Server::Exchange& exchange, const char* version) {
    if (version == nullptr || version[0] == '\0') return false;  // no version to measure from
    const auto start = reinterpret_cast<uintptr_t>(exchange.target_in_line);
    const auto end = reinterpret_cast<uintptr_t>(version);
    return end != start + exchange.target.size() + 1;
  }

  static MHD_Result on_request(void* self, MHD_Connection* connection, const char* /*url*/,
                               const char* method, const char* version, const char* upload_data,
                               size_t* upload_data_size, void** context) {
    auto* server = static_cast<Server*>(self);
    auto* exchange = static_cast<Server::Exchange*>(*context);
    if (exchange == nullptr) return MHD_NO;
    if (!exchange->headers_received) {
      exchange->headers_received = true;
      if (target_was_cut(*exchange, version)) exchange->malformed_target = true;
      return MHD_YES;
    }
    if (*upload_data_size > 0) {
      exchange->body_bytes_received += *upload_data_size;
      if (exchange->body_bytes_received > kDiscardLimitFactor * server->options_.max_request_body) {
        return MHD_NO;
      }
      if (exchange->body_bytes_received <= server->options_.max_request_body) {
        exchange->body.append(upload_data, *upload_data_size);
      }
      *upload_data_size = 0;
      return MHD_YES;
    }
    return server->respond(connection, *exchange, method) ? MHD_YES : MHD_NO;
  }

  static void on_completed(void* self, MHD_Connection* /*connection*/, void** context,
                           MHD_RequestTerminationCode reason) {
    auto* server = static_cast<Server*>(self);
    std::unique_ptr<Server::Exchange> exchange(static_cast<Server::Exchange*>(*context));
    *context = nullptr;
    if (!exchange || !exchange->logged) return;
    const bool complete = reason == MHD_REQUEST_TERMINATED_COMPLETED_OK;
    std::optional<uint64_t> sent;
    if (exchange->head || exchange->body_size == 0) {
      sent = 0;
    } else if (exchange->mode == SendMode::stream) {
      sent = exchange->stream->bytes_produced();
    } else if (complete) {
      sent = exchange->body_size;
    }
    server->log_.finish(exchange->log_seq,
                        complete ? RequestState::complete : RequestState::aborted, sent);
  }

  static ssize_t read_stream(void* cls, uint64_t position, char* buffer, size_t max) {
    auto& stream = *static_cast<std::shared_ptr<BodyStream>*>(cls);
    const auto n = stream->read(position, std::span(buffer, max));
    return n ? static_cast<ssize_t>(*n) : MHD_CONTENT_READER_END_WITH_ERROR;
  }

  static void free_stream(void* cls) { delete static_cast<std::shared_ptr<BodyStream>*>(cls); }

  static MHD_Result collect_header(void* cls, MHD_ValueKind /*kind*/, const char* key,
                                   const char* value) {
    static_cast<HeaderMap*>(cls)->add(key, value ? value : "");
    return MHD_YES;
  }
};

Server::Server(ListeningSocket socket, ServerOptions options, Handler handler, FaultPlan& faults,
               RequestLog& log, const ShutdownSignal& shutdown)
    : options_(std::move(options)),
      handler_(std::move(handler)),
      faults_(faults),
      log_(log),
      shutdown_(shutdown),
      url_(socket.url()) {
  const int fd = socket.release();
  daemon_ = MHD_start_daemon(
      MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, 0, nullptr,
      nullptr, &ServerCallbacks::on_request, this, MHD_OPTION_LISTEN_SOCKET, fd,
      MHD_OPTION_URI_LOG_CALLBACK, &ServerCallbacks::on_request_line, this,
      MHD_OPTION_NOTIFY_COMPLETED, &ServerCallbacks::on_completed, this,
      MHD_OPTION_CONNECTION_TIMEOUT, kIdleTimeoutSeconds, MHD_OPTION_CONNECTION_LIMIT,
      kMaxConnections, MHD_OPTION_CONNECTION_MEMORY_LIMIT, kConnectionMemory, MHD_OPTION_END);
  if (daemon_ == nullptr) {
    ::close(fd);
    throw Error(ErrorKind::network, "libmicrohttpd cannot serve " + url_);
  }
}

Server::~Server() {
  MHD_stop_daemon(daemon_);
}

Request Server::make_request(MHD_Connection* connection, const Exchange& exchange,
                             const char* method) const {
  Request request;
  request.listener = options_.listener;
  request.method = method;
  request.target = exchange.target;
  const auto question = request.target.find('?');
  request.path = request.target.substr(0, question);
  if (question != std::string::npos) request.query = request.target.substr(question + 1);
  request.query_params = parse_query(request.query);
  MHD_get_connection_values(connection, MHD_HEADER_KIND, &ServerCallbacks::collect_header,
                            &request.headers);
  request.base_url = options_.public_url.empty() ? url_ : options_.public_url;
  return request;
}

bool Server::respond(MHD_Connection* connection, Exchange& exchange, const char* method) {
  Request request = make_request(connection, exchange, method);
  if (exchange.malformed_target) {
    return queue(connection, exchange, request,
                 json_response(400, {{"error", "NUL byte in the request target"}}), std::nullopt);
  }
  if (exchange.body_bytes_received > options_.max_request_body) {
    return queue(connection, exchange, request,
                 json_response(413, {{"error", "request body too large"}}), std::nullopt);
  }
  request.body = std::move(exchange.body);

  std::optional<AppliedFault> fault;
  if (!is_control(request)) fault = faults_.take(options_.listener, request.method, request.path);
  if (fault && fault->actions.delay_ms) {
    if (!shutdown_.sleep_for(std::chrono::milliseconds(*fault->actions.delay_ms))) return false;
  }
  Response response = answer(request, fault);
  return queue(connection, exchange, request, std::move(response), fault);
}

Response Server::answer(Request& request, const std::optional<AppliedFault>& fault) const {
  if (fault && fault->actions.status) return status_fault_response(fault->actions);
  if (fault && fault->actions.ignore_range) request.headers.remove("Range");
  try {
    return handler_(request);
  } catch (const std::exception& e) {
    return json_response(500, {{"error", std::string("tf-hub internal error: ") + e.what()}});
  }
}

bool Server::queue(MHD_Connection* connection, Exchange& exchange, const Request& request,
                   Response response, const std::optional<AppliedFault>& fault) {
  exchange.head = request.is_head();
  const int status = response.status;
  const auto headers = std::move(response.headers);
  MHD_Response* mhd = make_mhd_response(connection, exchange, std::move(response.body), fault);
  if (mhd == nullptr) return false;
  for (const auto& [name, value] : headers)
    MHD_add_response_header(mhd, name.c_str(), value.c_str());
  const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(status), mhd);
  MHD_destroy_response(mhd);
  if (queued != MHD_YES) return false;
  if (!is_control(request)) log_response(connection, exchange, request, status, fault);
  return true;
}

MHD_Response* Server::make_mhd_response(MHD_Connection* connection, Exchange& exchange, Body body,
                                        const std::optional<AppliedFault>& fault) {
  exchange.body_size = body.size();
  const bool plain = !(fault && fault->actions.alters_body());
  const auto& parts = body.parts();
  if (plain && parts.empty()) {
    exchange.mode = SendMode::buffer;
    return MHD_create_response_from_buffer(0, nullptr, MHD_RESPMEM_PERSISTENT);
  }
  if (plain && parts.size() == 1) {
    if (const auto* bytes = std::get_if<std::string>(&parts.front())) {
      exchange.mode = SendMode::buffer;
      return MHD_create_response_from_buffer(bytes->size(), const_cast<char*>(bytes->data()),
                                             MHD_RESPMEM_MUST_COPY);
    }
    const auto& slice = std::get<FileSlice>(parts.front());
    exchange.mode = SendMode::file;
    // libmicrohttpd closes the descriptor it is given: hand it a duplicate.
    const int fd = ::dup(slice.file->fd());
    if (fd < 0) return nullptr;
    MHD_Response* mhd = MHD_create_response_from_fd_at_offset64(slice.length, fd, slice.offset);
    if (mhd == nullptr) ::close(fd);
    return mhd;
  }
  exchange.mode = SendMode::stream;
  const int socket_fd =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD)->connect_fd;
  exchange.stream =
      std::make_shared<BodyStream>(std::move(body), fault ? fault->actions : FaultActions{},
                                   shutdown_, [socket_fd] { reset_connection(socket_fd); });
  exchange.body_size = exchange.stream->announced_size();
  auto owner = std::make_unique<std::shared_ptr<BodyStream>>(exchange.stream);
  MHD_Response* mhd = MHD_create_response_from_callback(exchange.body_size, kStreamBlockSize,
                                                        &ServerCallbacks::read_stream, owner.get(),
                                                        &ServerCallbacks::free_stream);
  if (mhd != nullptr) owner.release();  // now owned by the libmicrohttpd response
  return mhd;
}

void Server::log_response(MHD_Connection* connection, Exchange& exchange, const Request& request,
                          int status, const std::optional<AppliedFault>& fault) {
  LoggedRequest entry;
  entry.listener = options_.listener;
  entry.method = request.method;
  entry.target = request.target;
  // From the connection, not the request: ignore_range removes Range from the request.
  entry.host = header_value(connection, "Host");
  entry.range = header_value(connection, "Range");
  entry.if_range = header_value(connection, "If-Range");
  if (const auto auth = header_value(connection, "Authorization")) {
    entry.authorization = redact_authorization(*auth);
  }
  entry.status = status;
  if (fault) entry.fault_rule = fault->rule_index;
  exchange.log_seq = log_.begin(std::move(entry));
  exchange.logged = true;
}

bool Server::is_control(const Request& request) const {
  return !options_.control_prefix.empty() && request.path.starts_with(options_.control_prefix);
}

}  // namespace tf::hub::http
