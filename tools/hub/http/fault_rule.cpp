#include "tools/hub/http/fault_rule.hpp"

#include <fnmatch.h>

#include <set>

#include <nlohmann/json.hpp>

#include "io/error.hpp"

namespace tf::hub::http {

namespace {

Error invalid(const std::string& message) {
  return Error(ErrorKind::invalid_argument, "fault rule: " + message);
}

std::optional<uint64_t> optional_count(const nlohmann::json& json, const char* key,
                                       uint64_t max = UINT64_MAX) {
  if (!json.contains(key)) return std::nullopt;
  const auto& value = json.at(key);
  if (!value.is_number_unsigned() && !(value.is_number_integer() && value.get<int64_t>() >= 0)) {
    throw invalid(std::string(key) + " must be a non-negative integer");
  }
  const auto number = value.get<uint64_t>();
  if (number > max) throw invalid(std::string(key) + " must be at most " + std::to_string(max));
  return number;
}

std::optional<std::string> optional_string(const nlohmann::json& json, const char* key) {
  if (!json.contains(key)) return std::nullopt;
  if (!json.at(key).is_string()) throw invalid(std::string(key) + " must be a string");
  return json.at(key).get<std::string>();
}

void reject_unknown_keys(const nlohmann::json& json) {
  static const std::set<std::string> kKeys = {"listener",
                                              "method",
                                              "path_prefix",
                                              "path_glob",
                                              "times",
                                              "status",
                                              "retry_after",
                                              "delay_ms",
                                              "ignore_range",
                                              "close_after_bytes",
                                              "reset_after_bytes",
                                              "flip_byte_at",
                                              "rate_bytes_per_sec",
                                              "stall_after_bytes",
                                              "stall_ms",
                                              "claim_content_length"};
  for (const auto& [key, value] : json.items()) {
    if (kKeys.count(key) == 0) throw invalid("unknown key '" + key + "'");
  }
}

FaultMatch match_from_json(const nlohmann::json& json) {
  FaultMatch match;
  if (const auto listener = optional_string(json, "listener")) {
    match.listener = listener_from_string(*listener);
    if (!match.listener) throw invalid("listener must be \"hub\" or \"cdn\"");
  }
  match.method = optional_string(json, "method");
  match.path_prefix = optional_string(json, "path_prefix");
  match.path_glob = optional_string(json, "path_glob");
  return match;
}

FaultActions actions_from_json(const nlohmann::json& json) {
  FaultActions actions;
  if (const auto status = optional_count(json, "status", 599)) {
    if (*status < 100) throw invalid("status must be between 100 and 599");
    actions.status = static_cast<int>(*status);
  }
  actions.retry_after_seconds = optional_count(json, "retry_after");
  actions.delay_ms = optional_count(json, "delay_ms", kMaxFaultWaitMs);
  if (json.contains("ignore_range")) {
    if (!json.at("ignore_range").is_boolean()) throw invalid("ignore_range must be a boolean");
    actions.ignore_range = json.at("ignore_range").get<bool>();
  }
  actions.close_after_bytes = optional_count(json, "close_after_bytes");
  actions.reset_after_bytes = optional_count(json, "reset_after_bytes");
  actions.flip_byte_at = optional_count(json, "flip_byte_at");
  actions.rate_bytes_per_sec = optional_count(json, "rate_bytes_per_sec");
  if (actions.rate_bytes_per_sec == uint64_t{0}) throw invalid("rate_bytes_per_sec must be > 0");
  actions.stall_after_bytes = optional_count(json, "stall_after_bytes");
  actions.stall_ms = optional_count(json, "stall_ms", kMaxFaultWaitMs);
  if (actions.stall_after_bytes.has_value() != actions.stall_ms.has_value()) {
    throw invalid("stall_after_bytes and stall_ms go together");
  }
  // Below 2^62: the HTTP layer reserves the largest values for "size unknown".
  actions.claim_content_length = optional_count(json, "claim_content_length", uint64_t{1} << 62);
  if (actions.retry_after_seconds && !actions.status) throw invalid("retry_after needs a status");
  return actions;
}

bool has_action(const FaultActions& a) {
  return a.status || a.delay_ms || a.ignore_range || a.alters_body();
}

template <class T>
void put(nlohmann::json& json, const char* key, const std::optional<T>& value) {
  if (value) json[key] = *value;
}

}  // namespace

bool FaultMatch::matches(Listener on, std::string_view request_method,
                         std::string_view path) const {
  if (listener && *listener != on) return false;
  if (method && *method != request_method) return false;
  if (path_prefix && !path.starts_with(*path_prefix)) return false;
  if (path_glob && ::fnmatch(path_glob->c_str(), std::string(path).c_str(), 0) != 0) return false;
  return true;
}

bool FaultActions::alters_body() const {
  return close_after_bytes || reset_after_bytes || flip_byte_at || rate_bytes_per_sec ||
         stall_after_bytes || claim_content_length;
}

FaultRule fault_rule_from_json(const nlohmann::json& json) {
  if (!json.is_object()) throw invalid("a rule is a JSON object");
  reject_unknown_keys(json);
  FaultRule rule;
  rule.match = match_from_json(json);
  rule.times = optional_count(json, "times");
  rule.actions = actions_from_json(json);
  if (!has_action(rule.actions)) throw invalid("the rule has no action");
  return rule;
}

nlohmann::json to_json(const FaultRule& rule) {
  nlohmann::json json = nlohmann::json::object();
  if (rule.match.listener) json["listener"] = to_string(*rule.match.listener);
  put(json, "method", rule.match.method);
  put(json, "path_prefix", rule.match.path_prefix);
  put(json, "path_glob", rule.match.path_glob);
  put(json, "times", rule.times);
  const auto& a = rule.actions;
  put(json, "status", a.status);
  put(json, "retry_after", a.retry_after_seconds);
  put(json, "delay_ms", a.delay_ms);
  if (a.ignore_range) json["ignore_range"] = true;
  put(json, "close_after_bytes", a.close_after_bytes);
  put(json, "reset_after_bytes", a.reset_after_bytes);
  put(json, "flip_byte_at", a.flip_byte_at);
  put(json, "rate_bytes_per_sec", a.rate_bytes_per_sec);
  put(json, "stall_after_bytes", a.stall_after_bytes);
  put(json, "stall_ms", a.stall_ms);
  put(json, "claim_content_length", a.claim_content_length);
  return json;
}

}  // namespace tf::hub::http
