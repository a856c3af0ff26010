// tf-hub serve: serves a data folder over the Hub download protocol on loopback addresses
// until SIGTERM or SIGINT. When ready, it writes {"hub":URL,"cdn":URL[,"files":URL]} to
// --port-file (atomically) and prints the same line on stdout.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace tf::hub::cli {

class ServeCommand {
 public:
  void add_to(CLI::App& app);

 private:
  void run() const;

  std::string data_dir_;
  std::string listen_ = "127.0.0.1:0";
  std::string cdn_listen_ = "127.0.0.2:0";
  std::string port_file_;
  std::vector<std::string> tokens_;
  size_t page_size_ = 50;
  std::string serve_dir_;
  std::string public_url_;
  std::string cdn_public_url_;
  int64_t xet_token_ttl_ = 3600;
  int64_t xet_url_ttl_ = 3600;
  bool xet_no_v2_ = false;
};

}  // namespace tf::hub::cli
