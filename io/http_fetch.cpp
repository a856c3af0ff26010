#include "io/http_fetch.hpp"

#include <future>

#include "io/error.hpp"
#include "io/url.hpp"

namespace tf::io {

namespace {

// Collects one response in memory and hands it over through a promise when the transfer ends.
class CollectingHandler : public TransferHandler {
 public:
  explicit CollectingHandler(size_t max_body) : max_body_(max_body) {}

  std::future<TransferResult> result() { return done_.get_future(); }
  FetchedResponse& response() { return response_; }
  bool too_large() const { return too_large_; }

  void on_response(const HttpResponseHead& head) override {
    response_.status = head.status;
    response_.headers = head.headers;
    response_.effective_url = head.effective_url;
  }

  BodyAction on_body(std::span<const uint8_t> bytes) override {
    if (response_.body.size() + bytes.size() > max_body_) {
      too_large_ = true;
      return BodyAction::stop;
    }
    response_.body.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return BodyAction::accept;
  }

  void on_done(const TransferResult& result) override { done_.set_value(result); }

 private:
  size_t max_body_;
  FetchedResponse response_;
  bool too_large_ = false;
  std::promise<TransferResult> done_;
};

}  // namespace

FetchedResponse fetch(HttpTransport& transport, HttpRequest request, size_t max_body) {
  const std::string what = request.method + " " + loggable_url(request.url);
  auto handler = std::make_shared<CollectingHandler>(max_body);
  auto finished = handler->result();
  transport.start(std::move(request), handler);
  const TransferResult result = finished.get();
  if (handler->too_large()) {
    throw Error(ErrorKind::protocol,
                what + ": the answer is larger than " + std::to_string(max_body) + " bytes");
  }
  if (result.outcome != TransferResult::Outcome::completed) {
    const std::string why = result.stalled ? "no data arrived (stalled)" : result.error;
    throw Error(ErrorKind::network, what + ": " + (why.empty() ? "transfer failed" : why));
  }
  return std::move(handler->response());
}

}  // namespace tf::io
