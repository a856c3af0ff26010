#include "tools/hub/protocol/admin_api.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstring>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "tools/hub/http/relative_path.hpp"
#include "tools/hub/protocol/base64.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/store/pseudo_random_stream.hpp"

namespace tf::hub::protocol {

namespace {

// Generated content for a served file is built in memory; repo files are streamed.
constexpr uint64_t kMaxInMemoryContent = uint64_t{256} << 20;
constexpr uint64_t kMaxWaitIdleMs = 60'000;

nlohmann::json parse_json_body(const http::Request& request) {
  auto json = nlohmann::json::parse(request.body, nullptr, false);
  if (json.is_discarded()) throw bad_request("body is not valid JSON");
  return json;
}

// The new bytes of a replace request: literal, base64 or generated.
class ReplacementContent {
 public:
  ReplacementContent(const nlohmann::json& json, std::string path) : path_(std::move(path)) {
    const int given = static_cast<int>(json.contains("content")) +
                      static_cast<int>(json.contains("content_base64")) +
                      static_cast<int>(json.contains("generate"));
    if (given != 1) throw bad_request("give exactly one of content, content_base64, generate");
    if (json.contains("content")) {
      if (!json["content"].is_string()) throw bad_request("content must be a string");
      literal_ = json["content"].get<std::string>();
    } else if (json.contains("content_base64")) {
      if (!json["content_base64"].is_string()) throw bad_request("content_base64 must be a string");
      literal_ = decode_base64(json["content_base64"].get<std::string>());
      if (!literal_) throw bad_request("content_base64 is not valid base64");
    } else {
      const auto& generate = json["generate"];
      if (!generate.is_object() || !generate.contains("size") ||
          !generate["size"].is_number_unsigned()) {
        throw bad_request("generate wants {\"size\": N, \"seed\": S}");
      }
      size_ = generate["size"].get<uint64_t>();
      const auto seed = generate.value("seed", nlohmann::json(0));
      if (!seed.is_number_unsigned())
        throw bad_request("generate.seed must be an unsigned integer");
      seed_ = seed.get<uint64_t>();
    }
  }

  uint64_t size() const { return literal_ ? literal_->size() : size_; }

  // A fresh source of the bytes each time.
  store::ByteSource source() const {
    if (literal_) {
      auto offset = std::make_shared<size_t>(0);
      return [this, offset](std::span<uint8_t> buffer) {
        const size_t n = std::min(buffer.size(), literal_->size() - *offset);
        std::memcpy(buffer.data(), literal_->data() + *offset, n);
        *offset += n;
        return n;
      };
    }
    auto stream = std::make_shared<store::PseudoRandomStream>(seed_, path_);
    auto remaining = std::make_shared<uint64_t>(size_);
    return [stream, remaining](std::span<uint8_t> buffer) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), *remaining));
      stream->fill(buffer.first(n));
      *remaining -= n;
      return n;
    };
  }

  std::string materialize() const {
    if (literal_) return *literal_;
    if (size_ > kMaxInMemoryContent) throw bad_request("generated content too large for a file");
    std::string bytes(size_, '\0');
    store::PseudoRandomStream(seed_, path_)
        .fill(std::span(reinterpret_cast<uint8_t*>(bytes.data()), bytes.size()));
    return bytes;
  }

 private:
  std::string path_;
  std::optional<std::string> literal_;
  uint64_t size_ = 0;
  uint64_t seed_ = 0;
};

std::string string_field(const nlohmann::json& json, const char* key, std::string fallback = "") {
  if (!json.contains(key)) return fallback;
  if (!json[key].is_string()) throw bad_request(std::string(key) + " must be a string");
  return json[key].get<std::string>();
}

HubError from_store_error(const Error& error) {
  switch (error.kind()) {
    case ErrorKind::not_found:
      return HubError(404, "", error.what());
    case ErrorKind::invalid_argument:
      return HubError(400, "", error.what());
    default:
      return HubError(500, "", error.what());
  }
}

}  // namespace

AdminApi::AdminApi(store::RepoStore& store, http::FaultPlan& faults, http::RequestLog& log,
                   const http::ServedFolder* served)
    : store_(store), faults_(faults), log_(log), served_(served) {}

http::Response AdminApi::handle(const http::Request& request,
                                std::span<const std::string_view> segments) const {
  if (segments.size() != 1) throw route_not_found();
  const auto action = segments.front();
  try {
    if (action == "faults") return faults(request);
    if (action == "requests") return requests(request);
    if (action == "replace") return replace(request);
    if (action == "reload") return reload(request);
  } catch (const Error& e) {
    throw from_store_error(e);
  }
  throw route_not_found();
}

http::Response AdminApi::faults(const http::Request& request) const {
  if (request.method == "GET") return http::json_response(200, faults_.to_json());
  if (request.method == "DELETE") {
    faults_.clear();
    return http::json_response(200, {{"rules", 0}});
  }
  if (request.method != "POST") throw method_not_allowed("GET, POST, DELETE");
  const auto json = parse_json_body(request);
  std::vector<http::FaultRule> rules;
  const auto add = [&](const nlohmann::json& rule) {
    rules.push_back(http::fault_rule_from_json(rule));
  };
  if (json.is_array()) {
    for (const auto& rule : json)
      add(rule);
  } else {
    add(json);
  }
  const size_t count = rules.size();
  faults_.replace(std::move(rules));
  return http::json_response(200, {{"rules", count}});
}

http::Response AdminApi::requests(const http::Request& request) const {
  if (request.method == "DELETE") {
    log_.clear();
    return http::json_response(200, {{"cleared", true}});
  }
  if (request.method != "GET") throw method_not_allowed("GET, DELETE");
  if (const auto wait = request.query_param("wait_idle_ms")) {
    uint64_t ms = 0;
    const auto [end, ec] = std::from_chars(wait->data(), wait->data() + wait->size(), ms);
    if (ec != std::errc() || end != wait->data() + wait->size()) {
      throw bad_request("wait_idle_ms must be a number");
    }
    log_.wait_until_idle(std::chrono::milliseconds(std::min(ms, kMaxWaitIdleMs)));
  }
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& entry : log_.snapshot())
    entries.push_back(http::to_json(entry));
  return http::json_response(200, entries);
}

http::Response AdminApi::replace(const http::Request& request) const {
  if (request.method != "POST") throw method_not_allowed("POST");
  const auto json = parse_json_body(request);
  if (!json.is_object()) throw bad_request("body must be a JSON object");
  return json.contains("files_path") ? replace_served_file(json) : replace_repo_file(json);
}

http::Response AdminApi::replace_served_file(const nlohmann::json& json) const {
  if (served_ == nullptr) throw bad_request("tf-hub serve runs without --serve-dir");
  const std::string path = string_field(json, "files_path");
  if (!http::is_plain_relative_path(path)) throw bad_request("invalid files_path");
  const ReplacementContent content(json, path);
  served_->replace(path, content.materialize());
  const auto file = served_->open(path);
  if (!file) throw HubError(500, "", "replaced file vanished: " + path);
  return http::json_response(200, {{"path", path},
                                   {"size", file->size()},
                                   {"etag", http::ServedFolder::representation_of(file).etag}});
}

http::Response AdminApi::replace_repo_file(const nlohmann::json& json) const {
  store::ReplaceFileRequest replace;
  const auto type = store::repo_type_from_string(string_field(json, "type", "model"));
  if (!type) throw bad_request("type must be model, dataset or space");
  replace.type = *type;
  replace.repo_id = string_field(json, "repo");
  replace.branch = string_field(json, "branch", "main");
  replace.path = string_field(json, "path");
  if (json.contains("title")) replace.title = string_field(json, "title");
  const ReplacementContent content(json, replace.path);
  const store::Commit commit = store_.replace_file(replace, content.source(), content.size());
  const auto file = std::find_if(commit.files.begin(), commit.files.end(),
                                 [&](const store::FileEntry& f) { return f.path == replace.path; });
  // The ETag a client will see: the LFS object's sha256, or the git blob id.
  const std::string etag = file->is_lfs_pointer() ? file->sha256 : file->git_oid;
  return http::json_response(200, {{"commit", commit.sha},
                                   {"path", file->path},
                                   {"size", file->size},
                                   {"sha256", file->sha256},
                                   {"git_oid", file->git_oid},
                                   {"kind", store::to_string(file->kind)},
                                   {"etag", "\"" + etag + "\""}});
}

http::Response AdminApi::reload(const http::Request& request) const {
  if (request.method != "POST") throw method_not_allowed("POST");
  store_.reload();
  return http::json_response(200, {{"reloaded", true}});
}

}  // namespace tf::hub::protocol
