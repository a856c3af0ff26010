#include "io/http_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "io/error.hpp"

namespace tf::io {

namespace {

// A hostile server could send endless headers; we refuse a response head larger than this.
constexpr size_t kMaxResponseHeadBytes = 256 * 1024;

bool is_redirect(long status) {
  return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

std::string lowercase(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

// curl must be initialised once per process before any thread uses it; the function-local
// static makes that thread-safe without a global we mutate.
void ensure_curl_initialised() {
  static const bool initialised = [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw Error(ErrorKind::internal, "curl_global_init failed");
    }
    return true;
  }();
  (void)initialised;
}

}  // namespace

// The state of one transfer while the transport thread drives it.
struct ActiveTransfer {
  TransferId id = 0;
  CURL* easy = nullptr;
  HttpRequest request;
  std::shared_ptr<TransferHandler> handler;
  curl_slist* header_list = nullptr;
  std::array<char, CURL_ERROR_SIZE> error_buffer{};

  // The response head as it arrives; redirects and 1xx responses are moved aside.
  long status = 0;
  HeaderMap headers;
  std::vector<std::pair<long, HeaderMap>> redirects;
  size_t head_bytes = 0;

  bool announced = false;
  bool paused = false;
  bool stop_requested = false;
  uint64_t body_bytes = 0;

  ~ActiveTransfer() { curl_slist_free_all(header_list); }

  HttpResponseHead make_head() const {
    HttpResponseHead head;
    head.status = status;
    head.headers = headers;
    head.redirects = redirects;
    char* url = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_EFFECTIVE_URL, &url) == CURLE_OK && url) {
      head.effective_url = url;
    }
    return head;
  }

  void announce() {
    if (announced) return;
    announced = true;
    handler->on_response(make_head());
  }

  // CURLOPT_HEADERFUNCTION: one header line at a time, status lines included.
  bool on_header_line(std::string_view line) {
    head_bytes += line.size();
    if (head_bytes > kMaxResponseHeadBytes) return false;
    if (line.substr(0, 5) == "HTTP/") {
      if (status != 0 && is_redirect(status)) redirects.emplace_back(status, std::move(headers));
      headers.clear();
      const auto space = line.find(' ');
      status = space == std::string_view::npos
                   ? 0
                   : std::atol(std::string(line.substr(space + 1, 3)).c_str());
      return true;
    }
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return true;  // the blank line ending the head
    const std::string name = lowercase(trim(line.substr(0, colon)));
    const std::string_view value = trim(line.substr(colon + 1));
    auto [it, inserted] = headers.try_emplace(name, value);
    if (!inserted) {
      it->second += ", ";
      it->second += value;
    }
    return true;
  }
};

class HttpTransport::Loop {
 public:
  explicit Loop(TransportOptions options) : options_(std::move(options)) {
    ensure_curl_initialised();
    multi_ = curl_multi_init();
    if (multi_ == nullptr) throw Error(ErrorKind::internal, "curl_multi_init failed");
    const long budget = static_cast<long>(options_.max_connections);
    curl_multi_setopt(multi_, CURLMOPT_MAX_HOST_CONNECTIONS, budget);
    curl_multi_setopt(multi_, CURLMOPT_MAX_TOTAL_CONNECTIONS, budget);
    // Keep every connection of the budget alive between transfers (keep-alive reuse).
    curl_multi_setopt(multi_, CURLMOPT_MAXCONNECTS, budget + 4);
    // Separate TCP connections per transfer: parallel ranges must not share one socket.
    curl_multi_setopt(multi_, CURLMOPT_PIPELINING, long{CURLPIPE_NOTHING});
    thread_ = std::thread([this] { run(); });
  }

  ~Loop() {
    stopping_.store(true);
    curl_multi_wakeup(multi_);
    thread_.join();
    for (CURL* easy : idle_easies_)
      curl_easy_cleanup(easy);
    curl_multi_cleanup(multi_);
  }

  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

  TransferId start(HttpRequest request, std::shared_ptr<TransferHandler> handler) {
    auto transfer = std::make_unique<ActiveTransfer>();
    transfer->id = next_id_.fetch_add(1) + 1;
    transfer->request = std::move(request);
    transfer->handler = std::move(handler);
    const TransferId id = transfer->id;
    {
      std::lock_guard lock(mutex_);
      to_start_.push_back(std::move(transfer));
    }
    curl_multi_wakeup(multi_);
    return id;
  }

  void cancel(TransferId id) {
    {
      std::lock_guard lock(mutex_);
      to_cancel_.push_back(id);
    }
    curl_multi_wakeup(multi_);
  }

  void resume_paused() {
    if (!resume_requested_.exchange(true)) curl_multi_wakeup(multi_);
  }

  TransportStats stats() const {
    TransportStats s;
    s.bytes_received = bytes_received_.load();
    s.transfers_started = transfers_started_.load();
    s.connections_opened = connections_opened_.load();
    s.active_transfers = active_count_.load();
    return s;
  }

 private:
  static size_t write_callback(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<ActiveTransfer*>(user);
    const size_t n = size * count;
    t->announce();
    switch (t->handler->on_body({reinterpret_cast<const uint8_t*>(data), n})) {
      case BodyAction::accept:
        t->body_bytes += n;
        return n;
      case BodyAction::pause:
        t->paused = true;
        return CURL_WRITEFUNC_PAUSE;
      case BodyAction::stop:
        t->stop_requested = true;
        return 0;
    }
    return 0;
  }

  static size_t header_callback(char* data, size_t size, size_t count, void* user) {
    auto* t = static_cast<ActiveTransfer*>(user);
    const size_t n = size * count;
    return t->on_header_line(std::string_view(data, n)) ? n : 0;
  }

  CURL* take_easy() {
    if (!idle_easies_.empty()) {
      CURL* easy = idle_easies_.back();
      idle_easies_.pop_back();
      curl_easy_reset(easy);
      return easy;
    }
    CURL* easy = curl_easy_init();
    if (easy == nullptr) throw Error(ErrorKind::internal, "curl_easy_init failed");
    return easy;
  }

  void configure(ActiveTransfer& t) {
    CURL* e = t.easy;
    const HttpRequest& r = t.request;
    curl_easy_setopt(e, CURLOPT_URL, r.url.c_str());
    curl_easy_setopt(e, CURLOPT_PRIVATE, &t);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &write_callback);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, &t);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &header_callback);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, &t);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t.error_buffer.data());
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, r.follow_redirects ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long{CURL_HTTP_VERSION_1_1});
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, static_cast<long>(r.connect_timeout.count()));
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, static_cast<long>(r.stall_timeout.count()));
    curl_easy_setopt(e, CURLOPT_BUFFERSIZE, static_cast<long>(options_.receive_buffer));
    curl_easy_setopt(e, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    for (const auto& h : r.headers)
      t.header_list = curl_slist_append(t.header_list, h.c_str());
    if (r.method == "HEAD") {
      curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
    } else if (r.method == "POST") {
      t.header_list = curl_slist_append(t.header_list, "Expect:");
      curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
      curl_easy_setopt(e, CURLOPT_COPYPOSTFIELDS, r.body.c_str());
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t.header_list);
  }

  void start_queued(std::vector<std::unique_ptr<ActiveTransfer>> batch) {
    for (auto& transfer : batch) {
      transfer->easy = take_easy();
      configure(*transfer);
      curl_multi_add_handle(multi_, transfer->easy);
      ++transfers_started_;
      const TransferId id = transfer->id;
      active_.emplace(id, std::move(transfer));
    }
    active_count_.store(active_.size());
  }

  void finish(TransferId id, TransferResult result) {
    auto it = active_.find(id);
    if (it == active_.end()) return;
    std::unique_ptr<ActiveTransfer> t = std::move(it->second);
    active_.erase(it);
    active_count_.store(active_.size());
    if (t->status != 0) result.head = t->make_head();
    result.body_bytes = t->body_bytes;
    long connects = 0;
    if (curl_easy_getinfo(t->easy, CURLINFO_NUM_CONNECTS, &connects) == CURLE_OK) {
      connections_opened_ += static_cast<uint64_t>(connects);
    }
    double seconds = 0;
    if (curl_easy_getinfo(t->easy, CURLINFO_STARTTRANSFER_TIME, &seconds) == CURLE_OK) {
      result.seconds_to_first_byte = seconds;
    }
    if (curl_easy_getinfo(t->easy, CURLINFO_TOTAL_TIME, &seconds) == CURLE_OK) {
      result.seconds_total = seconds;
    }
    bytes_received_ += t->body_bytes;
    curl_multi_remove_handle(multi_, t->easy);
    idle_easies_.push_back(t->easy);
    t->easy = nullptr;
    t->handler->on_done(result);
  }

  void on_curl_done(CURL* easy, CURLcode code) {
    ActiveTransfer* t = nullptr;
    curl_easy_getinfo(easy, CURLINFO_PRIVATE, &t);
    if (t == nullptr) return;
    TransferResult result;
    if (code == CURLE_OK) {
      // A response without body (HEAD, 204, empty file) never reached the write callback.
      t->announce();
      result.outcome = TransferResult::Outcome::completed;
    } else if (t->stop_requested) {
      result.outcome = TransferResult::Outcome::stopped;
    } else {
      result.outcome = TransferResult::Outcome::failed;
      result.stalled = code == CURLE_OPERATION_TIMEDOUT;
      result.error = t->error_buffer[0] != '\0' ? std::string(t->error_buffer.data())
                                                : std::string(curl_easy_strerror(code));
    }
    finish(t->id, std::move(result));
  }

  void cancel_now(TransferId id) {
    TransferResult result;
    result.outcome = TransferResult::Outcome::cancelled;
    finish(id, std::move(result));
  }

  void resume_now() {
    for (auto& [id, t] : active_) {
      if (!t->paused) continue;
      t->paused = false;
      // May call write_callback right away, which may pause the transfer again.
      curl_easy_pause(t->easy, CURLPAUSE_CONT);
    }
  }

  void run() {
    while (!stopping_.load()) {
      std::vector<std::unique_ptr<ActiveTransfer>> starting;
      std::vector<TransferId> cancelling;
      {
        std::lock_guard lock(mutex_);
        starting.swap(to_start_);
        cancelling.swap(to_cancel_);
      }
      start_queued(std::move(starting));
      for (const TransferId id : cancelling)
        cancel_now(id);
      if (resume_requested_.exchange(false)) resume_now();

      int running = 0;
      curl_multi_perform(multi_, &running);
      int queued = 0;
      while (CURLMsg* msg = curl_multi_info_read(multi_, &queued)) {
        if (msg->msg == CURLMSG_DONE) on_curl_done(msg->easy_handle, msg->data.result);
      }
      curl_multi_poll(multi_, nullptr, 0, 1000, nullptr);
    }
    shutdown();
  }

  void shutdown() {
    std::vector<TransferId> ids;
    for (const auto& [id, t] : active_)
      ids.push_back(id);
    for (const TransferId id : ids)
      cancel_now(id);
    std::lock_guard lock(mutex_);
    for (auto& t : to_start_) {
      TransferResult result;
      result.outcome = TransferResult::Outcome::cancelled;
      t->handler->on_done(result);
    }
    to_start_.clear();
  }

  TransportOptions options_;
  CURLM* multi_ = nullptr;
  std::thread thread_;
  std::atomic<bool> stopping_{false};
  std::atomic<bool> resume_requested_{false};
  std::atomic<TransferId> next_id_{0};

  std::mutex mutex_;  // guards the two queues below
  std::vector<std::unique_ptr<ActiveTransfer>> to_start_;
  std::vector<TransferId> to_cancel_;

  // Only the transport thread touches these.
  std::unordered_map<TransferId, std::unique_ptr<ActiveTransfer>> active_;
  std::vector<CURL*> idle_easies_;

  std::atomic<uint64_t> bytes_received_{0};
  std::atomic<uint64_t> transfers_started_{0};
  std::atomic<uint64_t> connections_opened_{0};
  std::atomic<size_t> active_count_{0};
};

HttpTransport::HttpTransport(TransportOptions options)
    : loop_(std::make_unique<Loop>(std::move(options))) {}

HttpTransport::~HttpTransport() = default;

TransferId HttpTransport::start(HttpRequest request, std::shared_ptr<TransferHandler> handler) {
  return loop_->start(std::move(request), std::move(handler));
}

void HttpTransport::cancel(TransferId id) {
  loop_->cancel(id);
}

void HttpTransport::resume_paused() {
  loop_->resume_paused();
}

TransportStats HttpTransport::stats() const {
  return loop_->stats();
}

}  // namespace tf::io
