#include "support/hub_server.hpp"

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <signal.h>

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace tf::test {

namespace {

struct AdminReply {
  long status = 0;
  std::string body;
};

size_t append_body(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

AdminReply http_call(const std::string& method, const std::string& url, const std::string& body) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
  if (!curl) throw std::runtime_error("curl_easy_init failed");
  AdminReply reply;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, method.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers);
  if (method == "POST") {
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(curl.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, &append_body);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &reply.body);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, 70'000L);
  curl_easy_setopt(curl.get(), CURLOPT_NOPROXY, "*");
  const CURLcode code = curl_easy_perform(curl.get());
  curl_slist_free_all(headers);
  if (code != CURLE_OK) {
    throw std::runtime_error("admin " + method + " " + url + ": " + curl_easy_strerror(code));
  }
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &reply.status);
  return reply;
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string tf_hub_binary() {
  return TF_BINARY_DIR "/tools/hub/tf-hub";
}

HubServer::HubServer() : HubServer(Options{}) {}

HubServer::HubServer(Options options)
    : options_(std::move(options)), data_dir_(temp_.path() / "data") {}

HubServer::~HubServer() {
  if (process_) stop();
}

nlohmann::json HubServer::run_tool(const std::string& command,
                                   const std::vector<std::string>& args) {
  std::vector<std::string> argv{tf_hub_binary(), command, "--data", data_dir_.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = run(argv, {}, std::chrono::minutes(5));
  if (result.exit_code != 0) {
    throw std::runtime_error("tf-hub " + command + " failed (" + std::to_string(result.exit_code) +
                             "): " + result.err);
  }
  auto summary = nlohmann::json::parse(result.out);
  if (process_) admin("POST", "/_admin/reload");
  return summary;
}

nlohmann::json HubServer::generate(const std::vector<std::string>& args) {
  return run_tool("generate", args);
}

nlohmann::json HubServer::add_folder(const std::vector<std::string>& args) {
  return run_tool("add-folder", args);
}

void HubServer::start() {
  if (process_) throw std::runtime_error("the hub is already running");
  std::filesystem::create_directories(data_dir_);
  const auto port_file = temp_.path() / "ports.json";
  std::filesystem::remove(port_file);
  std::vector<std::string> argv{tf_hub_binary(), "serve",
                                "--data",        data_dir_.string(),
                                "--port-file",   port_file.string(),
                                "--page-size",   std::to_string(options_.page_size)};
  for (const auto& token : options_.tokens) {
    argv.push_back("--token");
    argv.push_back(token);
  }
  if (options_.serve_dir) {
    argv.push_back("--serve-dir");
    argv.push_back(options_.serve_dir->string());
  }
  argv.insert(argv.end(), options_.serve_args.begin(), options_.serve_args.end());
  process_ = std::make_unique<Subprocess>(argv);
  const bool ready =
      wait_until([&] { return std::filesystem::exists(port_file) || !process_->running(); },
                 options_.start_timeout);
  if (!ready || !std::filesystem::exists(port_file)) {
    const std::string err = process_->err_so_far();
    process_.reset();
    throw std::runtime_error("tf-hub serve did not start: " + err);
  }
  urls_ = nlohmann::json::parse(read_text(port_file));
}

int HubServer::stop() {
  if (!process_) return 0;
  process_->signal(SIGTERM);
  const auto result = process_->wait(std::chrono::seconds(10));
  process_.reset();
  // A crash or a sanitizer report in the server fails the test that ran it.
  const bool sanitizer_report = result.err.find("Sanitizer") != std::string::npos ||
                                result.err.find("runtime error:") != std::string::npos;
  if (result.exit_code != 0 || sanitizer_report) {
    ADD_FAILURE() << "tf-hub serve exited with " << result.exit_code << " (signal " << result.signal
                  << "); its stderr:\n"
                  << result.err;
  }
  return result.exit_code;
}

bool HubServer::running() {
  return process_ && process_->running();
}

std::string HubServer::hub_url() const {
  return urls_.at("hub").get<std::string>();
}
std::string HubServer::cdn_url() const {
  return urls_.at("cdn").get<std::string>();
}
std::string HubServer::files_url() const {
  return urls_.at("files").get<std::string>();
}

std::filesystem::path HubServer::object_path(const std::string& sha256) const {
  return data_dir_ / "objects" / sha256;
}

nlohmann::json HubServer::admin(const std::string& method, const std::string& path,
                                const std::string& body) {
  if (!process_) throw std::runtime_error("the hub is not running");
  const auto reply = http_call(method, hub_url() + path, body);
  if (reply.status < 200 || reply.status >= 300) {
    throw std::runtime_error("admin " + method + " " + path + " -> " +
                             std::to_string(reply.status) + ": " + reply.body);
  }
  return nlohmann::json::parse(reply.body);
}

void HubServer::set_faults(const nlohmann::json& rules) {
  admin("POST", "/_admin/faults", rules.dump());
}

void HubServer::clear_faults() {
  admin("DELETE", "/_admin/faults");
}

nlohmann::json HubServer::faults() {
  return admin("GET", "/_admin/faults");
}

nlohmann::json HubServer::requests(std::chrono::milliseconds wait_idle) {
  return admin("GET", "/_admin/requests?wait_idle_ms=" + std::to_string(wait_idle.count()));
}

void HubServer::clear_requests() {
  admin("DELETE", "/_admin/requests");
}

nlohmann::json HubServer::replace_object(const nlohmann::json& request) {
  return admin("POST", "/_admin/replace", request.dump());
}

std::string HubServer::fingerprint(std::string_view authorization_value) {
  const auto space = authorization_value.find(' ');
  const auto scheme = authorization_value.substr(0, space);
  const auto credentials = authorization_value.substr(space + 1);
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(credentials.data(), credentials.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (size_t i = 0; i < 6; ++i) {
    hex += kDigits[digest[i] >> 4];
    hex += kDigits[digest[i] & 0xF];
  }
  return std::string(scheme) + " sha256:" + hex;
}

}  // namespace tf::test
