// Runs the real turbofetch binary, as a user would.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/subprocess.hpp"

namespace tf::test {

inline std::string turbofetch_binary() {
  return std::string(TF_BINARY_DIR) + "/tools/cli/turbofetch";
}

inline std::vector<std::string> turbofetch_args(std::vector<std::string> args) {
  args.insert(args.begin(), turbofetch_binary());
  return args;
}

inline ProcessResult run_turbofetch(std::vector<std::string> args,
                                    std::map<std::string, std::string> env = {},
                                    std::chrono::milliseconds limit = std::chrono::minutes(3)) {
  return run(turbofetch_args(std::move(args)), std::move(env), limit);
}

// The --json summary printed on stdout.
inline nlohmann::json summary_of(const ProcessResult& r) {
  return nlohmann::json::parse(r.out.substr(r.out.find('{')));
}

}  // namespace tf::test
