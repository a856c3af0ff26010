// The transport against a real nginx on 127.0.0.1 (and a silent socket for stalls).
#include "io/http_transport.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

#include <gtest/gtest.h>

#include "support/nginx_server.hpp"
#include "support/test_support.hpp"

using namespace tf::io;
using namespace std::chrono_literals;

namespace {

// Collects a whole response in memory; can pause the first body callback or stop after N bytes.
class CollectingHandler : public TransferHandler {
 public:
  std::atomic<bool> pause_once{false};
  uint64_t stop_after = UINT64_MAX;

  void on_response(const HttpResponseHead& h) override {
    head = h;
    ++responses;
  }
  BodyAction on_body(std::span<const uint8_t> bytes) override {
    if (pause_once.exchange(false)) {
      paused = true;
      return BodyAction::pause;
    }
    if (body.size() >= stop_after) return BodyAction::stop;
    body.insert(body.end(), bytes.begin(), bytes.end());
    return BodyAction::accept;
  }
  void on_done(const TransferResult& r) override { done.set_value(r); }

  TransferResult wait() {
    auto f = done.get_future();
    EXPECT_EQ(f.wait_for(30s), std::future_status::ready);
    return f.get();
  }

  HttpResponseHead head;
  int responses = 0;
  std::atomic<bool> paused{false};  // polled by the test thread
  std::vector<uint8_t> body;
  std::promise<TransferResult> done;
};

class HttpTransportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    content_ = tf::test::random_bytes(3 * 1024 * 1024 + 17, 7);
    tf::test::write_file(root_ / "blob.bin", content_);
    tf::test::write_file(root_ / "empty.bin", {});
    nginx_ = std::make_unique<tf::test::NginxServer>(
        root_.path(),
        tf::test::NginxOptions{0, "    location = /moved { return 302 /blob.bin; }\n"});
  }

  TransferResult get(const std::shared_ptr<CollectingHandler>& h, HttpRequest req) {
    transport_.start(std::move(req), h);
    return h->wait();
  }

  tf::test::TempDir root_;
  std::vector<uint8_t> content_;
  std::unique_ptr<tf::test::NginxServer> nginx_;
  HttpTransport transport_{TransportOptions{4, 64 * 1024, "turbofetch-test"}};
};

HttpRequest request_for(std::string url) {
  HttpRequest r;
  r.url = std::move(url);
  return r;
}

}  // namespace

TEST_F(HttpTransportTest, DownloadsAWholeBodyWithItsHeaders) {
  auto h = std::make_shared<CollectingHandler>();
  const auto r = get(h, request_for(nginx_->url("/blob.bin")));
  EXPECT_EQ(r.outcome, TransferResult::Outcome::completed);
  EXPECT_EQ(h->head.status, 200);
  EXPECT_EQ(*find_header(h->head.headers, "content-length"), std::to_string(content_.size()));
  EXPECT_EQ(h->body, content_);
  EXPECT_EQ(r.body_bytes, content_.size());
  EXPECT_EQ(h->responses, 1);
}

TEST_F(HttpTransportTest, RangeRequestGets206AndContentRange) {
  auto h = std::make_shared<CollectingHandler>();
  auto req = request_for(nginx_->url("/blob.bin"));
  req.headers.push_back("Range: bytes=100-199");
  get(h, req);
  EXPECT_EQ(h->head.status, 206);
  const auto range = parse_content_range(*find_header(h->head.headers, "content-range"));
  ASSERT_TRUE(range);
  EXPECT_EQ(*range->total, content_.size());
  EXPECT_EQ(h->body, std::vector<uint8_t>(content_.begin() + 100, content_.begin() + 200));
}

TEST_F(HttpTransportTest, EmptyBodyStillAnnouncesTheResponse) {
  auto h = std::make_shared<CollectingHandler>();
  const auto r = get(h, request_for(nginx_->url("/empty.bin")));
  EXPECT_EQ(r.outcome, TransferResult::Outcome::completed);
  EXPECT_EQ(h->responses, 1);
  EXPECT_EQ(h->head.status, 200);
  EXPECT_TRUE(h->body.empty());
}

TEST_F(HttpTransportTest, FollowsRedirectsAndRecordsThem) {
  auto h = std::make_shared<CollectingHandler>();
  get(h, request_for(nginx_->url("/moved")));
  EXPECT_EQ(h->head.status, 200);
  ASSERT_EQ(h->head.redirects.size(), 1u);
  EXPECT_EQ(h->head.redirects[0].first, 302);
  EXPECT_EQ(h->head.effective_url, nginx_->url("/blob.bin"));
  EXPECT_EQ(h->body, content_);
}

TEST_F(HttpTransportTest, DoesNotFollowWhenAskedNot) {
  auto h = std::make_shared<CollectingHandler>();
  auto req = request_for(nginx_->url("/moved"));
  req.follow_redirects = false;
  get(h, req);
  EXPECT_EQ(h->head.status, 302);
  EXPECT_NE(find_header(h->head.headers, "location")->find("/blob.bin"), std::string::npos);
}

TEST_F(HttpTransportTest, PausedTransferDeliversTheSameBytesAfterResume) {
  auto h = std::make_shared<CollectingHandler>();
  h->pause_once = true;
  transport_.start(request_for(nginx_->url("/blob.bin")), h);
  ASSERT_TRUE(tf::test::wait_until([&] { return transport_.stats().active_transfers == 1; }, 5s));
  std::this_thread::sleep_for(50ms);
  transport_.resume_paused();
  h->wait();
  EXPECT_TRUE(h->paused.load());
  EXPECT_EQ(h->body, content_);
}

TEST_F(HttpTransportTest, HandlerCanStopATransfer) {
  auto h = std::make_shared<CollectingHandler>();
  h->stop_after = 1;
  const auto r = get(h, request_for(nginx_->url("/blob.bin")));
  EXPECT_EQ(r.outcome, TransferResult::Outcome::stopped);
  EXPECT_LT(h->body.size(), content_.size());
}

TEST_F(HttpTransportTest, ManyTransfersReuseTheConnectionBudget) {
  std::vector<std::shared_ptr<CollectingHandler>> handlers;
  for (int i = 0; i < 40; ++i) {
    auto h = std::make_shared<CollectingHandler>();
    auto req = request_for(nginx_->url("/blob.bin"));
    req.headers.push_back("Range: bytes=" + std::to_string(i * 1000) + "-" +
                          std::to_string(i * 1000 + 999));
    transport_.start(req, h);
    handlers.push_back(h);
  }
  for (size_t i = 0; i < handlers.size(); ++i) {
    handlers[i]->wait();
    ASSERT_EQ(handlers[i]->body,
              std::vector<uint8_t>(content_.begin() + static_cast<long>(i * 1000),
                                   content_.begin() + static_cast<long>(i * 1000 + 1000)));
  }
  // 40 transfers over a budget of 4 connections: keep-alive reuse, never more than 4 opened.
  EXPECT_LE(transport_.stats().connections_opened, 4u);
  EXPECT_EQ(transport_.stats().transfers_started, 40u);
}

TEST_F(HttpTransportTest, ConnectionRefusedIsAFailureWithCurlsExplanation) {
  auto h = std::make_shared<CollectingHandler>();
  const int port = tf::test::free_loopback_port();
  const auto r = get(h, request_for("http://127.0.0.1:" + std::to_string(port) + "/x"));
  EXPECT_EQ(r.outcome, TransferResult::Outcome::failed);
  EXPECT_FALSE(r.head);
  EXPECT_FALSE(r.error.empty());
}

TEST_F(HttpTransportTest, CancelEndsATransferOnce) {
  auto h = std::make_shared<CollectingHandler>();
  h->pause_once = true;  // keeps it in flight until cancelled
  const auto id = transport_.start(request_for(nginx_->url("/blob.bin")), h);
  ASSERT_TRUE(tf::test::wait_until([&] { return h->paused.load(); }, 5s));
  transport_.cancel(id);
  EXPECT_EQ(h->wait().outcome, TransferResult::Outcome::cancelled);
}

TEST(HttpTransportStall, SilentServerIsDetectedAsAStall) {
  // A listening socket that accepts (via the backlog) and never answers.
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 4), 0);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  HttpTransport transport;
  auto h = std::make_shared<CollectingHandler>();
  HttpRequest req = request_for("http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port)) + "/");
  req.stall_timeout = 1s;
  transport.start(req, h);
  const auto r = h->wait();
  close(fd);
  EXPECT_EQ(r.outcome, TransferResult::Outcome::failed);
  EXPECT_TRUE(r.stalled) << r.error;
}
