// A stand-in Hugging Face Hub for tests (tools/hub, `tf-hub serve`) on 127.0.0.1, with its own
// temporary data folder. Set up repos with generate() and add_folder(), then start(); the
// destructor stops the server and removes the folder. From a GoogleTest fixture:
//
//   class PullTest : public ::testing::Test {
//    protected:
//     void SetUp() override {
//       hub.generate({"--repo", "org/model", "--file", "model.safetensors=4M"});
//       hub.start();
//     }
//     tf::test::HubServer hub;
//   };
//   ... hub.hub_url(), hub.set_faults({{{"listener","cdn"},{"status",503},{"times",1}}}) ...
//
// Admin calls throw std::runtime_error when the server answers with an error.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/subprocess.hpp"
#include "support/test_support.hpp"

namespace tf::test {

class HubServer {
 public:
  // The token the server accepts unless Options::tokens says otherwise.
  static constexpr const char* kToken = "hf_turbofetch_test_token";

  struct Options {
    std::vector<std::string> tokens{kToken};         // --token
    size_t page_size = 50;                           // --page-size
    std::optional<std::filesystem::path> serve_dir;  // --serve-dir, served at files_url()
    std::chrono::milliseconds start_timeout{10'000};
    // More `tf-hub serve` options, e.g. {"--xet-token-ttl", "1"} or {"--xet-no-v2"}.
    std::vector<std::string> serve_args;
  };

  HubServer();
  explicit HubServer(Options options);
  ~HubServer();
  HubServer(const HubServer&) = delete;
  HubServer& operator=(const HubServer&) = delete;

  // `tf-hub generate --data <data_dir> ARGS...`: returns its summary, {"commit": ..., ...}.
  // While the server runs, it also reloads the manifest.
  nlohmann::json generate(const std::vector<std::string>& args);
  // `tf-hub add-folder --data <data_dir> ARGS...` (ARGS include --repo and --from).
  nlohmann::json add_folder(const std::vector<std::string>& args);

  // Starts `tf-hub serve` on free ports and waits until it is ready (bounded by
  // Options::start_timeout); throws std::runtime_error with the server's stderr otherwise.
  void start();
  // SIGTERM, then waits (bounded); returns the exit code. A crash, a non-zero exit or a
  // sanitizer report of the server is a failure of the current test. The destructor calls it.
  int stop();
  bool running();

  std::string hub_url() const;    // http://127.0.0.1:P
  std::string cdn_url() const;    // http://127.0.0.2:Q
  std::string files_url() const;  // hub_url()/files (with Options::serve_dir)
  const std::filesystem::path& data_dir() const { return data_dir_; }
  std::filesystem::path object_path(const std::string& sha256) const;

  // Fault rules (see tools/hub/http/fault_rule.hpp): one rule object or a list of them.
  void set_faults(const nlohmann::json& rules);
  void clear_faults();
  nlohmann::json faults();  // the rules with "remaining" and "applied"

  // The request log (see tools/hub/http/request_log.hpp), after waiting up to `wait_idle` for
  // responses still being sent.
  nlohmann::json requests(std::chrono::milliseconds wait_idle = std::chrono::seconds(2));
  void clear_requests();

  // POST /_admin/replace: new content for a repo file (a new commit) or a served file; see
  // tools/hub/protocol/admin_api.hpp. Returns the server's answer (with the new "etag").
  nlohmann::json replace_object(const nlohmann::json& request);

  // What the request log shows for an Authorization header value ("Bearer hf_...").
  static std::string fingerprint(std::string_view authorization_value);

 private:
  nlohmann::json run_tool(const std::string& command, const std::vector<std::string>& args);
  nlohmann::json admin(const std::string& method, const std::string& path,
                       const std::string& body = "");

  Options options_;
  TempDir temp_;
  std::filesystem::path data_dir_;
  std::unique_ptr<Subprocess> process_;
  nlohmann::json urls_;
};

// The tf-hub binary of this build.
std::string tf_hub_binary();

}  // namespace tf::test
