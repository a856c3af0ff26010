#include "get_command.hpp"

#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>

#include "actors/downloader.hpp"
#include "engine/byte_size.hpp"
#include "exit_codes.hpp"
#include "io/url.hpp"
#include "progress_display.hpp"

namespace tf::cli {

namespace {

std::string checked_sha256(std::string hex) {
  for (char& c : hex)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const bool ok =
      hex.size() == 64 && hex.find_first_not_of("0123456789abcdef") == std::string::npos;
  if (!ok)
    throw Error(ErrorKind::invalid_argument, "--sha256 needs 64 hex digits, got '" + hex + "'");
  return hex;
}

// curl -O style: the last path segment of the URL.
std::string default_output(const std::string& url) {
  std::string path = io::parse_http_url(url).path;
  path = path.substr(0, path.find('?'));
  const std::string name = path.substr(path.rfind('/') + 1);
  if (name.empty() || name == "." || name == "..") {
    throw Error(ErrorKind::invalid_argument,
                "cannot name the file after " + url + "; give -o FILE");
  }
  return name;
}

engine::DownloadOptions to_options(const GetArguments& args) {
  engine::DownloadOptions o;
  io::parse_http_url(args.url);  // a clear error for a malformed URL, before anything else
  o.url = args.url;
  o.output = args.output.empty() ? default_output(args.url) : args.output;
  o.connections = args.connections;
  o.tuner.maximum = args.max_connections;
  o.chunk_size = engine::parse_byte_size(args.chunk_size);
  if (o.chunk_size < (64u << 10) || o.chunk_size > (1ull << 30)) {
    throw Error(ErrorKind::invalid_argument, "--chunk-size must be between 64K and 1G");
  }
  if (!args.sha256.empty()) {
    o.expected_hash = io::ContentHash{io::ContentHashKind::sha256, checked_sha256(args.sha256)};
  }
  o.verify_before_commit = args.verify;
  o.stall_timeout = std::chrono::seconds(args.stall_timeout);
  o.retry.max_attempts = args.max_retries;
  for (const auto& h : args.headers) {
    if (h.find(':') == std::string::npos || h.find_first_of("\r\n") != std::string::npos) {
      throw Error(ErrorKind::invalid_argument, "--header must look like 'Name: value'");
    }
    o.headers.push_back(h);
  }
  return o;
}

nlohmann::json to_json(const engine::DownloadReport& r) {
  return {{"path", r.path.string()},
          {"bytes", r.size},
          {"bytes_fetched", r.bytes_fetched},
          {"bytes_resumed", r.bytes_resumed},
          {"bytes_refetched", r.bytes_refetched},
          {"seconds", r.seconds},
          {"mean_rate", r.mean_rate},
          {"peak_rate", r.peak_rate},
          {"retries", r.retries},
          {"restarts", r.restarts},
          {"connections_peak", r.connections_peak},
          {"connections_opened", r.connections_opened},
          {"ranges_supported", r.ranges_supported},
          {"sha256", r.content_hash ? r.content_hash->hex : ""},
          {"sha256_checked", r.hash_checked},
          {"already_complete", r.already_complete}};
}

void print_summary(const engine::DownloadReport& r) {
  std::cerr << "turbofetch: saved " << r.path.string() << " ("
            << engine::format_bytes(static_cast<double>(r.size));
  if (r.already_complete) {
    std::cerr << ", already complete)\n";
    return;
  }
  std::cerr << " in " << r.seconds << " s, " << engine::format_bytes(r.mean_rate) << "/s, "
            << r.connections_peak << " connections";
  if (r.bytes_resumed)
    std::cerr << ", " << engine::format_bytes(double(r.bytes_resumed)) << " resumed";
  if (r.retries) std::cerr << ", " << r.retries << " retries";
  std::cerr << ")\n";
  if (r.hash_checked) std::cerr << "  sha256 " << r.content_hash->hex << " (verified)\n";
}

}  // namespace

CLI::App* add_get_command(CLI::App& app, GetArguments& args) {
  CLI::App* get = app.add_subcommand("get", "Download one HTTP(S) object in parallel ranges");
  get->add_option("url", args.url, "http:// or https:// URL")->required();
  get->add_option("-o,--output", args.output, "Destination file (default: the URL's file name)");
  get->add_option("-c,--connections", args.connections,
                  "Fixed number of connections (default: adapt to the link)")
      ->check(CLI::Range(1, 1024));
  get->add_option("--max-connections", args.max_connections, "Upper bound when adapting")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  get->add_option("--chunk-size", args.chunk_size, "Journal and hashing granularity (64K..1G)")
      ->capture_default_str();
  get->add_option(
      "--sha256", args.sha256,
      "Expected SHA-256 (hex), computed alongside the download; a mismatch keeps nothing");
  get->add_flag("--verify", args.verify,
                "Re-read every chunk against its checksum before committing");
  get->add_flag("--json", args.json, "Print a JSON summary on stdout");
  get->add_flag("-q,--quiet", args.quiet, "No progress display");
  get->add_option("--stall-timeout", args.stall_timeout,
                  "Seconds without data before a connection is replaced")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  get->add_option("--max-retries", args.max_retries,
                  "Attempts per range without progress before giving up")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  get->add_option("-H,--header", args.headers, "Extra request header 'Name: value' (repeatable)");
  return get;
}

int run_get_command(const GetArguments& args) {
  const engine::DownloadOptions options = to_options(args);
  const size_t budget = std::max(args.max_connections, args.connections.value_or(1));
  actors::Downloader downloader(actors::DownloaderOptions{budget, 256 * 1024, 96, 0});
  auto progress = std::make_shared<actors::ProgressCounters>();
  engine::DownloadReport report;
  {
    ProgressDisplay display(progress, ProgressDisplay::style_for_stderr(args.quiet),
                            options.output.filename().string());
    report = downloader.download(options, progress,
                                 [&display](const std::string& text) { display.notice(text); });
  }
  if (!args.quiet) print_summary(report);
  if (args.json) std::cout << to_json(report).dump(2) << std::endl;
  return kOk;
}

}  // namespace tf::cli
