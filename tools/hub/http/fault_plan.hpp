// The fault rules in force on a running server; tests replace them between steps. Thread-safe:
// every request thread asks it once, when its headers have arrived.
#pragma once

#include <cstddef>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tools/hub/http/fault_rule.hpp"

namespace tf::hub::http {

struct AppliedFault {
  size_t rule_index = 0;  // position of the rule in the list set last
  FaultActions actions;
};

class FaultPlan {
 public:
  void replace(std::vector<FaultRule> rules);
  void clear();

  // The first rule that matches and has uses left, which loses one use.
  std::optional<AppliedFault> take(Listener listener, std::string_view method,
                                   std::string_view path);

  // The rules, each with "remaining" (uses left, null for unlimited) and "applied" (count).
  nlohmann::json to_json() const;

 private:
  struct Entry {
    FaultRule rule;
    std::optional<uint64_t> remaining;
    uint64_t applied = 0;
  };
  mutable std::mutex mutex_;
  std::vector<Entry> entries_;
};

}  // namespace tf::hub::http
