// tf-delay-proxy: a userspace stand-in for `tc netem` (which this kernel lacks) in front of
// loopback servers. Every byte waits half the round trip in each direction, each connection
// has at most --window bytes in flight per direction (so it moves at most window / RTT), a
// new connection pays one round trip before its first byte (the TCP handshake), and --rate
// caps what all connections together move per direction (a bottleneck link).
//
//   tf-delay-proxy --map 127.0.0.1:8080=127.0.0.3:8080 [--map ...] --rtt-ms 40
//                  [--window 256K] [--rate 50M]
//
// Prints one JSON line when listening: {"listen":["127.0.0.1:8080",...],...}; runs until
// SIGTERM or SIGINT, then prints {"connections":N,"bytes_up":N,"bytes_down":N} on stderr.
#include <signal.h>
#include <sys/signalfd.h>

#include <cerrno>
#include <iostream>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "bench/delay_proxy/proxy.hpp"
#include "bench/delay_proxy/size_text.hpp"

namespace {

tf::bench::Mapping parse_mapping(const std::string& text) {
  const auto equals = text.find('=');
  if (equals == std::string::npos) {
    throw std::invalid_argument("--map wants LISTEN=UPSTREAM, got '" + text + "'");
  }
  return {tf::bench::parse_loopback_address(text.substr(0, equals)),
          tf::bench::parse_loopback_address(text.substr(equals + 1))};
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("tf-delay-proxy: a delay line (RTT, window, rate) in front of loopback servers");
  std::vector<std::string> maps;
  double rtt_ms = 40;
  std::string window = "256K";
  std::string rate = "0";
  app.add_option("--map", maps, "LISTEN=UPSTREAM, both 127.x.y.z:PORT (LISTEN port 0: any)")
      ->required();
  app.add_option("--rtt-ms", rtt_ms, "Round-trip time added, in milliseconds")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10'000.0));
  app.add_option("--window", window, "Bytes in flight per connection and direction (K, M: binary)")
      ->capture_default_str();
  app.add_option("--rate", rate,
                 "Bytes per second per direction for all connections together (K, M, G: "
                 "binary; 0: no limit)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  try {
    tf::bench::ProxySettings settings;
    settings.link.round_trip = std::chrono::nanoseconds(static_cast<int64_t>(rtt_ms * 1'000'000.0));
    settings.link.window = static_cast<size_t>(tf::bench::parse_size(window));
    settings.bytes_per_second = tf::bench::parse_size(rate);
    if (settings.link.window < 1024) throw std::invalid_argument("--window must be at least 1K");
    std::vector<tf::bench::Mapping> mappings;
    for (const auto& text : maps)
      mappings.push_back(parse_mapping(text));

    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    sigprocmask(SIG_BLOCK, &stop_signals, nullptr);
    const tf::bench::Fd stop(::signalfd(-1, &stop_signals, SFD_CLOEXEC | SFD_NONBLOCK));
    if (!stop.valid()) throw std::system_error(errno, std::generic_category(), "signalfd");

    tf::bench::Proxy proxy(mappings, settings);
    nlohmann::json ready = {{"listen", nlohmann::json::array()},
                            {"rtt_ms", rtt_ms},
                            {"window", settings.link.window},
                            {"rate", settings.bytes_per_second}};
    for (const auto& address : proxy.listening()) {
      ready["listen"].push_back(tf::bench::to_string(address));
    }
    std::cout << ready.dump() << std::endl;
    proxy.run(stop.get());
    const auto& stats = proxy.stats();
    std::cerr << nlohmann::json{{"connections", stats.connections},
                                {"bytes_up", stats.bytes_up},
                                {"bytes_down", stats.bytes_down}}
                     .dump()
              << std::endl;
  } catch (const std::exception& e) {
    std::cerr << "tf-delay-proxy: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
