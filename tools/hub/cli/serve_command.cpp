#include "tools/hub/cli/serve_command.hpp"

#include <signal.h>

#include <cerrno>
#include <chrono>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "tools/hub/http/fault_plan.hpp"
#include "tools/hub/http/listening_socket.hpp"
#include "tools/hub/http/request_log.hpp"
#include "tools/hub/http/server.hpp"
#include "tools/hub/http/shutdown_signal.hpp"
#include "tools/hub/protocol/hub_service.hpp"
#include "tools/hub/store/data_dir.hpp"
#include "tools/hub/store/repo_store.hpp"

namespace tf::hub::cli {

namespace {

// SIGINT and SIGTERM are blocked in every thread (the server threads inherit the mask from
// this one) and taken synchronously with sigwait: no handler, no global state.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

void write_port_file(const std::string& path, const std::string& text) {
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::trunc);
    out << text << "\n";
    if (!out) throw system_error(errno, "write", temp);
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) throw system_error(errno, "rename to", path);
}

}  // namespace

void ServeCommand::add_to(CLI::App& app) {
  auto* command = app.add_subcommand("serve", "Serve the repos of a data folder on 127.0.0.1");
  command->add_option("--data", data_dir_, "The hub's data folder")->required();
  command->add_option("--listen", listen_, "Hub address, 127.x.x.x:PORT (0: a free port)")
      ->capture_default_str();
  command
      ->add_option("--cdn-listen", cdn_listen_,
                   "CDN address for LFS redirects; another host than the hub's, so that "
                   "clients must drop Authorization on the redirect")
      ->capture_default_str();
  command->add_option("--port-file", port_file_, "Write the URLs here (JSON) when ready");
  command->add_option("--token", tokens_, "A valid access token (repeatable)");
  command->add_option("--page-size", page_size_, "Entries per tree listing page")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{100'000}));
  command->add_option("--serve-dir", serve_dir_, "Also serve this folder's files at /files/");
  command->add_option("--public-url", public_url_,
                      "The hub's URL as clients reach it, when a proxy stands in front of it "
                      "(e.g. bench/delay_proxy): the base of the absolute links it hands out");
  command->add_option("--cdn-public-url", cdn_public_url_,
                      "The CDN's URL as clients reach it: the base of LFS redirects and LFS "
                      "download actions");
  command->add_option("--xet-token-ttl", xet_token_ttl_, "Seconds a Xet access token lives")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{365} * 86400));
  command->add_option("--xet-url-ttl", xet_url_ttl_, "Seconds a signed xorb URL stays valid")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{365} * 86400));
  command->add_flag("--xet-no-v2", xet_no_v2_,
                    "Answer /cas/v2/reconstructions with 404, so clients fall back to v1");
  command->callback([this] { run(); });
}

void ServeCommand::run() const {
  for (const auto* url : {&public_url_, &cdn_public_url_}) {
    if (!url->empty() && (!url->starts_with("http://") || url->ends_with("/"))) {
      throw Error(ErrorKind::invalid_argument,
                  "a public URL is http://HOST:PORT without a trailing '/': '" + *url + "'");
    }
  }
  const sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // A client that disconnects mid-sendfile must not kill the server.
  ::signal(SIGPIPE, SIG_IGN);

  store::RepoStore store{store::DataDir(data_dir_)};
  http::ListeningSocket hub_socket(http::parse_listen_address(listen_));
  http::ListeningSocket cdn_socket(http::parse_listen_address(cdn_listen_));

  protocol::HubSettings settings;
  settings.valid_tokens = {tokens_.begin(), tokens_.end()};
  settings.tree_page_size = page_size_;
  settings.cdn_url = cdn_public_url_.empty() ? cdn_socket.url() : cdn_public_url_;
  if (!serve_dir_.empty()) settings.serve_dir = serve_dir_;

  http::FaultPlan faults;
  http::RequestLog log;
  http::ShutdownSignal shutdown;
  protocol::XetSettings xet_settings;
  xet_settings.token_ttl = std::chrono::seconds(xet_token_ttl_);
  xet_settings.url_ttl = std::chrono::seconds(xet_url_ttl_);
  xet_settings.no_v2 = xet_no_v2_;
  const protocol::XetService xet(store.data().root(), settings.cdn_url, xet_settings);
  const protocol::HubService hub(store, settings, xet, faults, log);
  const protocol::CdnService cdn(store.objects(), xet);
  nlohmann::json urls;
  {
    http::ServerOptions hub_options;
    hub_options.listener = http::Listener::hub;
    hub_options.control_prefix = "/_admin/";
    hub_options.public_url = public_url_;
    http::ServerOptions cdn_options;
    cdn_options.listener = http::Listener::cdn;
    cdn_options.public_url = cdn_public_url_;
    http::Server hub_server(
        std::move(hub_socket), hub_options, [&](http::Request& r) { return hub.handle(r); }, faults,
        log, shutdown);
    http::Server cdn_server(
        std::move(cdn_socket), cdn_options, [&](http::Request& r) { return cdn.handle(r); }, faults,
        log, shutdown);
    urls = {{"hub", hub_server.url()}, {"cdn", cdn_server.url()}};
    if (!serve_dir_.empty()) urls["files"] = hub_server.url() + "/files";
    if (!port_file_.empty()) write_port_file(port_file_, urls.dump());
    std::cout << urls.dump() << std::endl;

    int received = 0;
    while (sigwait(&signals, &received) != 0) {
    }
    std::cerr << "tf-hub: stopping on signal " << received << "\n";
    shutdown.trigger();
  }  // the servers stop here, after the shutdown signal has woken any fault sleep
}

}  // namespace tf::hub::cli
