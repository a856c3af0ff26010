#include "download_command.hpp"

#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "actors/snapshot_download.hpp"
#include "engine/byte_size.hpp"
#include "engine/hub/hub_config.hpp"
#include "exit_codes.hpp"
#include "io/error.hpp"
#include "io/url.hpp"
#include "progress_display.hpp"

namespace tf::cli {

namespace {

using engine::hub::FileState;

engine::hub::HubConfig config_from(const DownloadArguments& args) {
  auto config = engine::hub::hub_config_from_environment(engine::hub::process_environment());
  if (!args.cache_dir.empty()) config.hub_cache = args.cache_dir;
  if (args.token) {
    if (args.token->empty()) throw Error(ErrorKind::invalid_argument, "--token is empty");
    config.token = *args.token;
  }
  if (args.offline) config.offline = true;
  if (args.no_xet) config.disable_xet = true;
  while (!config.endpoint.empty() && config.endpoint.back() == '/')
    config.endpoint.pop_back();
  try {
    io::parse_http_url(config.endpoint);
  } catch (const Error& e) {
    throw Error(ErrorKind::invalid_argument, std::string("HF_ENDPOINT: ") + e.what());
  }
  return config;
}

actors::SnapshotRequest request_from(const DownloadArguments& args) {
  actors::SnapshotRequest r;
  r.repo = engine::hub::parse_repo_id(args.repo_id, engine::hub::parse_repo_type(args.repo_type));
  if (args.revision.empty()) throw Error(ErrorKind::invalid_argument, "--revision is empty");
  r.revision = args.revision;
  r.paths = args.files;
  r.filter.include = args.include;
  r.filter.exclude = args.exclude;
  if (!args.local_dir.empty()) r.local_dir = args.local_dir;
  r.dry_run = args.dry_run;
  r.connections = args.connections;
  r.max_connections = args.max_connections;
  r.stall_timeout = std::chrono::seconds(args.stall_timeout);
  r.max_retries = args.max_retries;
  return r;
}

std::string_view state_name(FileState state) {
  switch (state) {
    case FileState::present:
      return "present";
    case FileState::blob_cached:
      return "cached blob";
    case FileState::missing:
      return "fetch";
  }
  return "?";
}

nlohmann::json to_json(const actors::SnapshotResult& r, const actors::SnapshotRequest& request) {
  nlohmann::json j{{"repo", request.repo.id},
                   {"repo_type", engine::hub::to_string(request.repo.type)},
                   {"revision", request.revision},
                   {"commit", r.plan.commit},
                   {"path", r.folder.string()},
                   {"offline", r.offline},
                   {"dry_run", request.dry_run},
                   {"files_total", r.plan.files.size()},
                   {"files_to_fetch", r.plan.files_to_fetch()},
                   {"files_linked", r.files_linked},
                   {"bytes_total", r.plan.bytes_total()},
                   {"bytes_to_fetch", r.plan.bytes_to_fetch()}};
  const auto& b = r.batch;
  j["bytes_fetched"] = b ? b->bytes_fetched : 0;
  j["bytes_resumed"] = b ? b->bytes_resumed : 0;
  j["bytes_reused"] = b ? b->bytes_reused : 0;
  j["xet_files"] = b ? b->xet_files : 0;
  j["xet_fallbacks"] = b ? b->xet_fallbacks : 0;
  j["seconds"] = b ? b->seconds : 0.0;
  j["mean_rate"] = b ? b->mean_rate : 0.0;
  j["peak_rate"] = b ? b->peak_rate : 0.0;
  j["retries"] = b ? b->retries : 0;
  j["connections_peak"] = b ? b->connections_peak : 0;
  j["connections_opened"] = b ? b->connections_opened : 0;
  if (request.dry_run) {
    auto& files = j["files"] = nlohmann::json::array();
    for (const auto& f : r.plan.files) {
      files.push_back({{"path", f.file.path},
                       {"size", f.file.size},
                       {"etag", f.file.etag()},
                       {"state", state_name(f.state)}});
    }
  }
  return j;
}

void print_dry_run(const actors::SnapshotResult& r) {
  for (const auto& f : r.plan.files) {
    std::cout << state_name(f.state) << "\t" << f.file.size << "\t" << f.file.path << "\n";
  }
  std::cerr << "turbofetch: would fetch " << r.plan.files_to_fetch() << " of "
            << r.plan.files.size() << " file(s), "
            << engine::format_bytes(static_cast<double>(r.plan.bytes_to_fetch())) << " of "
            << engine::format_bytes(static_cast<double>(r.plan.bytes_total())) << " (commit "
            << r.plan.commit << ")\n";
}

void print_summary(const actors::SnapshotResult& r) {
  const size_t fetched = r.plan.files_to_fetch();
  std::cerr << "turbofetch: " << r.plan.files.size() << " file(s), "
            << engine::format_bytes(static_cast<double>(r.plan.bytes_total()));
  if (r.offline) {
    std::cerr << ", from the cache (offline)\n";
    return;
  }
  if (!r.batch) {
    std::cerr << ", all present";
    if (r.files_linked) std::cerr << " (" << r.files_linked << " linked from cached blobs)";
    std::cerr << "\n";
    return;
  }
  const auto& b = *r.batch;
  std::cerr << "; fetched " << fetched << " in " << std::fixed << std::setprecision(2) << b.seconds
            << " s, " << engine::format_bytes(b.mean_rate) << "/s (peak "
            << engine::format_bytes(b.peak_rate) << "/s), " << b.connections_peak << " connections";
  if (b.bytes_resumed)
    std::cerr << ", " << engine::format_bytes(double(b.bytes_resumed)) << " resumed";
  if (b.bytes_reused)
    std::cerr << ", " << engine::format_bytes(double(b.bytes_reused))
              << " reused from local chunks";
  if (b.xet_files) std::cerr << ", " << b.xet_files << " over Xet";
  if (b.xet_fallbacks) std::cerr << " (" << b.xet_fallbacks << " fell back to plain)";
  if (b.retries) std::cerr << ", " << b.retries << " retries";
  std::cerr << "; all verified\n";
}

}  // namespace

CLI::App* add_download_command(CLI::App& app, DownloadArguments& args) {
  CLI::App* d = app.add_subcommand(
      "download", "Download a Hugging Face Hub repo (or some of its files) into the cache");
  d->add_option("repo_id", args.repo_id, "Repo id, e.g. org/name")->required();
  d->add_option("files", args.files, "Only these files (paths in the repo)");
  d->add_option("--repo-type", args.repo_type, "model, dataset or space")
      ->check(CLI::IsMember({"model", "dataset", "space"}))
      ->capture_default_str();
  d->add_option("--revision", args.revision, "Branch, tag or commit")->capture_default_str();
  d->add_option("--include", args.include, "Only files matching this glob (repeatable)");
  d->add_option("--exclude", args.exclude, "Skip files matching this glob (repeatable)");
  d->add_option("--local-dir", args.local_dir,
                "Write real files into this folder instead of the cache");
  d->add_option("--cache-dir", args.cache_dir, "The hub cache folder (default: $HF_HUB_CACHE)");
  d->add_option("--token", args.token, "Hub token (default: $HF_TOKEN or the token file)");
  d->add_flag("--offline", args.offline, "Use only the cache (as HF_HUB_OFFLINE=1)");
  d->add_flag("--no-xet", args.no_xet,
              "Fetch Xet-backed files as plain bytes, not over Xet (as HF_HUB_DISABLE_XET=1)");
  d->add_flag("--dry-run", args.dry_run, "Show what would be fetched, and how many bytes");
  d->add_flag("--json", args.json, "Print a JSON summary on stdout");
  d->add_flag("-q,--quiet", args.quiet, "No progress display");
  d->add_option("-c,--connections", args.connections,
                "Fixed connections per large file (default: adapt to the link)")
      ->check(CLI::Range(1, 1024));
  d->add_option("--max-connections", args.max_connections, "The connection budget")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  d->add_option("--stall-timeout", args.stall_timeout,
                "Seconds without data before a connection is replaced")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  d->add_option("--max-retries", args.max_retries,
                "Attempts per range without progress before giving up")
      ->check(CLI::Range(0, 1000))
      ->capture_default_str();
  return d;
}

int run_download_command(const DownloadArguments& args) {
  const actors::SnapshotRequest request = request_from(args);
  const engine::hub::HubConfig config = config_from(args);
  const size_t budget = std::max(args.max_connections, args.connections.value_or(1));
  actors::Downloader downloader(actors::DownloaderOptions{budget, 256 * 1024, 96, 0});
  auto progress = std::make_shared<actors::BatchProgress>();
  actors::SnapshotResult result;
  {
    const auto style = args.dry_run ? ProgressDisplay::Style::quiet
                                    : ProgressDisplay::style_for_stderr(args.quiet);
    ProgressDisplay display(progress, style);
    result =
        actors::download_snapshot(downloader, config, request, progress,
                                  [&display](const std::string& text) { display.notice(text); });
  }
  if (args.json) {
    std::cout << to_json(result, request).dump(2) << std::endl;
    return kOk;
  }
  if (args.dry_run) {
    print_dry_run(result);
    return kOk;
  }
  if (!args.quiet) print_summary(result);
  std::cout << result.folder.string() << std::endl;
  return kOk;
}

}  // namespace tf::cli
