#include "support/nginx_server.hpp"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace tf::test {

namespace {

std::string config_text(const std::filesystem::path& prefix, const std::filesystem::path& root,
                        int port, const NginxOptions& options) {
  std::string c;
  c += "daemon off;\nmaster_process off;\nworker_processes 1;\n";
  c += "error_log " + (prefix / "error.log").string() + " warn;\n";
  c += "pid " + (prefix / "nginx.pid").string() + ";\n";
  c += "events { worker_connections 4096; }\n";
  c += "http {\n  sendfile on;\n  tcp_nopush on;\n";
  if (options.access_log) {
    c += "  log_format tf '$request_method $uri \"$http_range\" $status $body_bytes_sent';\n";
    c += "  access_log " + (prefix / "access.log").string() + " tf;\n";
  } else {
    c += "  access_log off;\n";
  }
  c += "  keepalive_requests 1000000;\n  keepalive_timeout 120s;\n";
  c += "  default_type application/octet-stream;\n";
  for (const char* temp : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"}) {
    c += std::string("  ") + temp + "_temp_path " + (prefix / temp).string() + ";\n";
  }
  c += "  server {\n    listen 127.0.0.1:" + std::to_string(port) + ";\n";
  c += "    root " + root.string() + ";\n";
  if (options.limit_rate > 0) c += "    limit_rate " + std::to_string(options.limit_rate) + ";\n";
  c += options.extra_server_config;
  c += "\n  }\n}\n";
  return c;
}

}  // namespace

bool port_accepts_connections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

NginxServer::NginxServer(std::filesystem::path root, NginxOptions options)
    : root_(std::move(root)) {
  // A port found free can be taken before nginx binds it: try a few.
  for (int attempt = 0; attempt < 5 && !process_; ++attempt) {
    port_ = free_loopback_port();
    start(options);
  }
  if (!process_)
    throw std::runtime_error("nginx did not start; see " + (prefix_ / "error.log").string());
}

NginxServer::~NginxServer() {
  stop();
}

void NginxServer::start(const NginxOptions& options) {
  const auto conf = prefix_ / "nginx.conf";
  std::ofstream(conf) << config_text(prefix_.path(), root_, port_, options);
  auto process = std::make_unique<Subprocess>(
      std::vector<std::string>{"nginx", "-p", prefix_.path().string(), "-c", conf.string(), "-e",
                               (prefix_ / "error.log").string()});
  const bool up = wait_until([&] { return !process->running() || port_accepts_connections(port_); },
                             std::chrono::seconds(10));
  if (up && process->running()) process_ = std::move(process);
}

void NginxServer::stop() {
  if (process_) {
    process_->signal(SIGTERM);
    process_->wait(std::chrono::seconds(10));
    process_.reset();
  }
}

void NginxServer::reconfigure(NginxOptions options) {
  stop();
  // nginx binds with SO_REUSEADDR, so the port is free again at once; retry briefly anyway.
  for (int attempt = 0; attempt < 20 && !process_; ++attempt) {
    start(options);
    if (!process_) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (!process_) throw std::runtime_error("nginx did not restart on port " + std::to_string(port_));
}

std::vector<AccessLogEntry> NginxServer::access_log() const {
  std::vector<AccessLogEntry> entries;
  std::ifstream in(prefix_ / "access.log");
  std::string line;
  while (std::getline(in, line)) {
    AccessLogEntry e;
    std::istringstream fields(line);
    fields >> e.method >> e.uri;
    fields >> std::ws;
    std::getline(fields, e.range, '"');
    std::getline(fields, e.range, '"');
    fields >> e.status >> e.body_bytes;
    entries.push_back(e);
  }
  return entries;
}

uint64_t NginxServer::body_bytes_sent() const {
  uint64_t total = 0;
  for (const auto& e : access_log())
    total += e.body_bytes;
  return total;
}

std::string NginxServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

}  // namespace tf::test
