#include "tools/hub/http/fault_plan.hpp"

#include <nlohmann/json.hpp>

namespace tf::hub::http {

void FaultPlan::replace(std::vector<FaultRule> rules) {
  std::vector<Entry> entries;
  entries.reserve(rules.size());
  for (auto& rule : rules) {
    const auto times = rule.times;
    entries.push_back({std::move(rule), times, 0});
  }
  const std::lock_guard lock(mutex_);
  entries_ = std::move(entries);
}

void FaultPlan::clear() {
  const std::lock_guard lock(mutex_);
  entries_.clear();
}

std::optional<AppliedFault> FaultPlan::take(Listener listener, std::string_view method,
                                            std::string_view path) {
  const std::lock_guard lock(mutex_);
  for (size_t i = 0; i < entries_.size(); ++i) {
    Entry& entry = entries_[i];
    if (entry.remaining == uint64_t{0}) continue;
    if (!entry.rule.match.matches(listener, method, path)) continue;
    if (entry.remaining) --*entry.remaining;
    ++entry.applied;
    return AppliedFault{i, entry.rule.actions};
  }
  return std::nullopt;
}

nlohmann::json FaultPlan::to_json() const {
  const std::lock_guard lock(mutex_);
  nlohmann::json rules = nlohmann::json::array();
  for (const auto& entry : entries_) {
    nlohmann::json json = http::to_json(entry.rule);
    json["remaining"] = entry.remaining ? nlohmann::json(*entry.remaining) : nlohmann::json();
    json["applied"] = entry.applied;
    rules.push_back(std::move(json));
  }
  return rules;
}

}  // namespace tf::hub::http
