// A fault injection rule: which requests it matches and what goes wrong with them. Tests set
// rules at runtime through the admin API (POST /_admin/faults) as JSON objects:
//
//   match:   "listener": "hub"|"cdn"  "method": "GET"  "path_prefix": "/cdn/"
//            "path_glob": "/org/*/resolve/*"  (fnmatch without FNM_PATHNAME: '*' spans '/')
//            "times": N  (the first N matching requests; absent: every one)
//   actions: "status": 503, "retry_after": 2   answer with this status instead
//            "delay_ms": 200                   wait before sending headers
//            "ignore_range": true              answer 200 with the whole body
//            "close_after_bytes": N            end the connection (FIN) after N body bytes
//            "reset_after_bytes": N            reset the connection (RST) after N body bytes
//            "flip_byte_at": OFFSET            invert the byte at this offset of the served
//                                              file (object), whenever it is sent
//            "rate_bytes_per_sec": N           pace the body
//            "stall_after_bytes": N, "stall_ms": M   send N body bytes, then nothing for M ms
//            "claim_content_length": N         announce N as Content-Length, send the real
//                                              body, then close
// Paths are matched as received (percent-encoded, without the query).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "tools/hub/http/request.hpp"

namespace tf::hub::http {

// The longest a rule may make a request wait, per delay or stall: a forgotten rule must not
// hang a test run.
inline constexpr uint64_t kMaxFaultWaitMs = 600'000;

struct FaultMatch {
  std::optional<Listener> listener;
  std::optional<std::string> method;
  std::optional<std::string> path_prefix;
  std::optional<std::string> path_glob;

  bool matches(Listener on, std::string_view request_method, std::string_view path) const;
};

struct FaultActions {
  std::optional<int> status;
  std::optional<uint64_t> retry_after_seconds;
  std::optional<uint64_t> delay_ms;
  bool ignore_range = false;
  std::optional<uint64_t> close_after_bytes;
  std::optional<uint64_t> reset_after_bytes;
  std::optional<uint64_t> flip_byte_at;
  std::optional<uint64_t> rate_bytes_per_sec;
  std::optional<uint64_t> stall_after_bytes;
  std::optional<uint64_t> stall_ms;
  std::optional<uint64_t> claim_content_length;

  // True when the body must be streamed through the fault logic (no sendfile).
  bool alters_body() const;
};

struct FaultRule {
  FaultMatch match;
  std::optional<uint64_t> times;
  FaultActions actions;
};

// Throws tf::Error(invalid_argument) naming the problem: unknown keys, wrong types, values out
// of range, or a rule without any action.
FaultRule fault_rule_from_json(const nlohmann::json& json);
nlohmann::json to_json(const FaultRule& rule);

}  // namespace tf::hub::http
