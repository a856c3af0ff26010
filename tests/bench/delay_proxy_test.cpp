// tf-delay-proxy, the slow link of bench/compare.sh: the link and delay-line logic directly,
// then the proxy binary between a client and a server of the test, measuring what a client
// sees (time to first byte, one connection's throughput against window / RTT, the shared
// rate). Timing bounds leave room for a busy 2-core machine but not for a wrong model.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/delay_proxy/delay_line.hpp"
#include "bench/delay_proxy/link.hpp"
#include "bench/delay_proxy/size_text.hpp"
#include "support/subprocess.hpp"

namespace tf::test {
namespace {

using bench::Clock;
using std::chrono::milliseconds;
using namespace std::chrono_literals;

TEST(DelayProxyUnits, LinkDelaysAndSerialisesInOrder) {
  const auto t0 = Clock::now();
  bench::Link unlimited(20ms, 0);
  EXPECT_EQ(unlimited.schedule(t0, 1'000'000), t0 + 20ms);
  bench::Link link(10ms, 1'000'000);  // 1 MB/s: 1000 bytes take 1 ms
  EXPECT_EQ(link.schedule(t0, 1000), t0 + 1ms + 10ms);
  EXPECT_EQ(link.schedule(t0, 1000), t0 + 2ms + 10ms);  // queued behind the first
  EXPECT_EQ(link.schedule(t0 + 50ms, 0), t0 + 60ms);    // idle again later
}

TEST(DelayProxyUnits, SizesOnTheCommandLine) {
  EXPECT_EQ(bench::parse_size("256K"), 256u * 1024);
  EXPECT_EQ(bench::parse_size("100M"), 100u << 20);
  EXPECT_EQ(bench::parse_size("0"), 0u);
  EXPECT_THROW(bench::parse_size("12X"), std::invalid_argument);
  EXPECT_THROW(bench::parse_size("K"), std::invalid_argument);
}

TEST(DelayProxyUnits, DelayLineHoldsBytesAndWindow) {
  int fds[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
  const auto t0 = Clock::now();
  bench::Link link(20ms, 0);
  bench::DelayLine line(link, 1000, t0);  // opens at once: no handshake wait
  EXPECT_EQ(line.room(), 1000u);
  const std::string bytes(600, 'x');
  line.push(t0, bytes);
  EXPECT_EQ(line.room(), 400u);
  EXPECT_EQ(line.next_event(), t0 + 20ms);
  EXPECT_EQ(line.deliver(t0 + 19ms, fds[0]), bench::DeliverResult::idle);
  EXPECT_EQ(line.bytes_delivered(), 0u);
  EXPECT_EQ(line.deliver(t0 + 20ms, fds[0]), bench::DeliverResult::idle);
  EXPECT_EQ(line.bytes_delivered(), 600u);
  EXPECT_EQ(line.room(), 400u);  // not acknowledged yet: another one-way delay
  EXPECT_EQ(line.next_event(), t0 + 40ms);
  line.deliver(t0 + 40ms, fds[0]);
  EXPECT_EQ(line.room(), 1000u);
  char received[1000];
  EXPECT_EQ(::read(fds[1], received, sizeof(received)), 600);
  line.push_end(t0 + 40ms);
  EXPECT_EQ(line.room(), 0u);
  line.deliver(t0 + 60ms, fds[0]);
  EXPECT_TRUE(line.ended());
  EXPECT_EQ(::read(fds[1], received, sizeof(received)), 0);  // the end was passed on
  ::close(fds[0]);
  ::close(fds[1]);
}

TEST(DelayProxyUnits, HandshakeDelaysTheFirstBytesByARoundTrip) {
  const auto t0 = Clock::now();
  bench::Link link(20ms, 0);
  bench::DelayLine line(link, 1000, t0 + 40ms);  // opens one round trip after the accept
  line.push(t0, "GET");
  EXPECT_EQ(line.next_event(), t0 + 60ms);
}

// A server of the test: for each connection, reads one byte, then sends `payload` bytes and
// closes. Runs until destroyed.
class PayloadServer {
 public:
  explicit PayloadServer(size_t payload) : payload_(payload) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    ::listen(fd_, 64);
    socklen_t length = sizeof(address);
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
  }
  ~PayloadServer() {
    stop_ = true;
    ::shutdown(fd_, SHUT_RDWR);
    thread_.join();
    for (auto& t : workers_)
      t.join();
    ::close(fd_);
  }
  int port() const { return port_; }

 private:
  void serve() {
    while (!stop_) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      workers_.emplace_back([this, client] {
        char byte = 0;
        if (::read(client, &byte, 1) == 1) {
          const std::string block(64 * 1024, 'p');
          for (size_t sent = 0; sent < payload_;) {
            const ssize_t n =
                ::write(client, block.data(), std::min(block.size(), payload_ - sent));
            if (n <= 0) break;
            sent += static_cast<size_t>(n);
          }
        }
        ::close(client);
      });
    }
  }

  size_t payload_;
  int fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::vector<std::thread> workers_;
};

struct Exchange {
  double first_byte_s = 0;
  double total_s = 0;
  size_t bytes = 0;
};

// Connects to 127.0.0.1:port, sends one byte, reads until the server closes.
Exchange exchange_with(int port) {
  const auto start = Clock::now();
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  Exchange result;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      ::write(fd, "x", 1) == 1) {
    std::vector<char> buffer(256 * 1024);
    ssize_t n = 0;
    while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) {
      if (result.bytes == 0) {
        result.first_byte_s = std::chrono::duration<double>(Clock::now() - start).count();
      }
      result.bytes += static_cast<size_t>(n);
    }
  }
  ::close(fd);
  result.total_s = std::chrono::duration<double>(Clock::now() - start).count();
  return result;
}

class DelayProxy : public ::testing::Test {
 protected:
  // Starts the proxy in front of `upstream_port`; returns the port it listens on.
  int start_proxy(int upstream_port, const std::vector<std::string>& options) {
    std::vector<std::string> argv{TF_BINARY_DIR "/bench/delay_proxy/tf-delay-proxy", "--map",
                                  "127.0.0.1:0=127.0.0.1:" + std::to_string(upstream_port)};
    argv.insert(argv.end(), options.begin(), options.end());
    proxy_ = std::make_unique<Subprocess>(argv);
    EXPECT_TRUE(
        wait_until([&] { return proxy_->out_so_far().find('\n') != std::string::npos; }, 10s))
        << proxy_->err_so_far();
    const auto ready = nlohmann::json::parse(proxy_->out_so_far());
    const std::string listen = ready["listen"][0];
    return std::stoi(listen.substr(listen.rfind(':') + 1));
  }

  std::unique_ptr<Subprocess> proxy_;
};

TEST_F(DelayProxy, NewConnectionWaitsTwoRoundTripsForItsFirstByte) {
  PayloadServer server(1);
  const int port = start_proxy(server.port(), {"--rtt-ms", "40"});
  std::vector<double> samples;
  for (int i = 0; i < 5; ++i)
    samples.push_back(exchange_with(port).first_byte_s);
  std::sort(samples.begin(), samples.end());
  const double median = samples[2];
  std::cout << "time to first byte, new connection, RTT 40 ms: " << median * 1000 << " ms\n";
  // Handshake (1 round trip) + request and answer (1 round trip) = 80 ms.
  EXPECT_GE(median, 0.080);
  EXPECT_LT(median, 0.120);
}

TEST_F(DelayProxy, OneConnectionMovesAWindowPerRoundTrip) {
  constexpr size_t kPayload = 4 << 20;
  PayloadServer server(kPayload);
  const int port = start_proxy(server.port(), {"--rtt-ms", "20", "--window", "128K"});
  const auto result = exchange_with(port);
  ASSERT_EQ(result.bytes, kPayload);
  const double expected = 128.0 * 1024 / 0.020;  // 6.55 MB/s
  const double rate = static_cast<double>(result.bytes) / (result.total_s - result.first_byte_s);
  std::cout << "one connection, window 128 KiB, RTT 20 ms: " << rate / 1e6 << " MB/s (window/RTT "
            << expected / 1e6 << ")\n";
  EXPECT_GT(rate, 0.75 * expected) << rate / 1e6 << " MB/s";
  EXPECT_LT(rate, 1.05 * expected) << rate / 1e6 << " MB/s";
}

TEST_F(DelayProxy, ConnectionsShareTheLinkRate) {
  constexpr size_t kPayload = 4 << 20;
  PayloadServer server(kPayload);
  const int port =
      start_proxy(server.port(), {"--rtt-ms", "20", "--window", "1M", "--rate", "10M"});
  std::vector<std::thread> clients;
  std::vector<Exchange> results(4);
  const auto start = Clock::now();
  for (size_t i = 0; i < results.size(); ++i) {
    clients.emplace_back([&, i] { results[i] = exchange_with(port); });
  }
  for (auto& client : clients)
    client.join();
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (const auto& result : results)
    ASSERT_EQ(result.bytes, kPayload);
  const double rate = 4.0 * kPayload / seconds;
  const double limit = 10.0 * (1 << 20);
  std::cout << "4 connections, --rate 10M: " << rate / 1e6 << " MB/s (limit " << limit / 1e6
            << ")\n";
  EXPECT_GT(rate, 0.8 * limit) << rate / 1e6 << " MB/s";
  EXPECT_LT(rate, 1.02 * limit) << rate / 1e6 << " MB/s";
}

TEST_F(DelayProxy, StopsOnSigtermAndReportsTheBytes) {
  PayloadServer server(1000);
  const int port = start_proxy(server.port(), {"--rtt-ms", "2"});
  ASSERT_EQ(exchange_with(port).bytes, 1000u);
  proxy_->signal(SIGTERM);
  const auto done = proxy_->wait(10s);
  EXPECT_EQ(done.exit_code, 0) << done.err;
  const auto stats = nlohmann::json::parse(done.err);
  EXPECT_EQ(stats["connections"], 1);
  EXPECT_EQ(stats["bytes_down"], 1000);
  EXPECT_EQ(stats["bytes_up"], 1);
}

TEST_F(DelayProxy, RefusesNonLoopbackAddresses) {
  const auto r =
      run({TF_BINARY_DIR "/bench/delay_proxy/tf-delay-proxy", "--map", "0.0.0.0:0=127.0.0.1:80"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("loopback"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace tf::test
