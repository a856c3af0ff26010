#include "actors/downloader.hpp"

#include <caf/all.hpp>
#include <filesystem>

#include "actors/download_supervisor.hpp"
#include "actors/messages.hpp"
#include "actors/runtime_config.hpp"
#include "io/buffer_pool.hpp"
#include "io/content_hash.hpp"
#include "io/file_handle.hpp"
#include "io/http_transport.hpp"

namespace tf::actors {

namespace {

// The destination is already there with the expected hash: nothing to fetch.
bool already_complete(const engine::DownloadOptions& options) {
  if (!options.expected_hash || !std::filesystem::is_regular_file(options.output)) return false;
  const auto file = io::FileHandle::open_read_only(options.output);
  const uint64_t size = file.size();
  if (options.expected_size && *options.expected_size != size) return false;
  io::ContentHasher hasher(options.expected_hash->kind, size);
  std::vector<uint8_t> buffer(1 << 20);
  for (uint64_t offset = 0; offset < size;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), size - offset));
    file.read_at({buffer.data(), n}, offset);
    hasher.update({buffer.data(), n});
    offset += n;
  }
  return hasher.finish() == *options.expected_hash;
}

}  // namespace

struct Downloader::Runtime {
  explicit Runtime(const DownloaderOptions& options)
      : config(options.scheduler_threads),
        system((config.add_message_types<caf::id_block::turbofetch>(), config)),
        transport(std::make_shared<io::HttpTransport>(
            io::TransportOptions{options.max_connections, options.block_size, "turbofetch/0.1"})),
        pool(std::make_shared<io::BufferPool>(options.block_size, options.max_blocks)),
        budget(std::make_shared<ConnectionBudget>(options.max_connections)),
        max_connections(options.max_connections) {
    // A block coming back un-pauses transfers that were waiting for memory.
    pool->set_on_available([t = std::weak_ptr<io::HttpTransport>(transport)] {
      if (auto transport_alive = t.lock()) transport_alive->resume_paused();
    });
  }

  RuntimeConfig config;
  caf::actor_system system;
  std::shared_ptr<io::HttpTransport> transport;
  std::shared_ptr<io::BufferPool> pool;
  std::shared_ptr<ConnectionBudget> budget;
  size_t max_connections;
};

Downloader::Downloader(DownloaderOptions options) : runtime_(std::make_unique<Runtime>(options)) {}

Downloader::~Downloader() = default;

io::HttpTransport& Downloader::transport() {
  return *runtime_->transport;
}

size_t Downloader::max_connections() const {
  return runtime_->max_connections;
}

engine::DownloadReport Downloader::download(const engine::DownloadOptions& requested,
                                            std::shared_ptr<ProgressCounters> progress,
                                            NoticeSink notice) {
  engine::DownloadOptions options = requested;
  options.tuner.maximum = std::min(options.tuner.maximum, runtime_->max_connections);
  if (options.connections) {
    options.connections = std::min(*options.connections, runtime_->max_connections);
  }
  if (!progress) progress = std::make_shared<ProgressCounters>();
  if (already_complete(options)) {
    engine::DownloadReport report;
    report.path = options.output;
    report.size = std::filesystem::file_size(options.output);
    report.content_hash = options.expected_hash;
    report.hash_checked = true;
    report.already_complete = true;
    return report;
  }
  auto supervisor = runtime_->system.spawn(
      download_supervisor, SupervisorSetup{options, runtime_->transport, runtime_->pool, progress,
                                           std::move(notice), runtime_->budget});
  caf::scoped_actor self{runtime_->system};
  download_outcome outcome;
  self->request(supervisor, caf::infinite, run_atom_v)
      .receive([&](download_outcome& result) { outcome = std::move(result); },
               [&](caf::error& e) {
                 outcome.error_kind = ErrorKind::internal;
                 outcome.error_message = "download supervisor: " + runtime_->system.render(e);
               });
  if (!outcome.report) throw Error(outcome.error_kind, outcome.error_message);
  return *outcome.report;
}

BatchReport Downloader::download_batch(std::vector<BatchFile> files,
                                       std::shared_ptr<BatchProgress> progress, NoticeSink notice) {
  for (auto& file : files) {
    auto& o = file.options;
    o.tuner.maximum = std::min(o.tuner.maximum, runtime_->max_connections);
    if (o.connections) o.connections = std::min(*o.connections, runtime_->max_connections);
  }
  if (!progress) progress = std::make_shared<BatchProgress>();
  auto batch = runtime_->system.spawn(
      batch_supervisor, BatchSetup{std::move(files), runtime_->transport, runtime_->pool,
                                   runtime_->budget, progress, std::move(notice)});
  caf::scoped_actor self{runtime_->system};
  BatchReport report;
  std::optional<Error> failure;
  self->request(batch, caf::infinite, run_atom_v)
      .receive([&](batch_outcome& outcome) { report = std::move(outcome.report); },
               [&](caf::error& e) {
                 failure.emplace(ErrorKind::internal,
                                 "batch supervisor: " + runtime_->system.render(e));
               });
  if (failure) throw *failure;
  return report;
}

}  // namespace tf::actors
