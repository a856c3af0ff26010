// libFuzzer target: a repo info answer (E1). Any input gives a 40-hex lowercase commit or a
// tf::Error(protocol).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hub_fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tf::engine::hub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tf::fuzz::expect_protocol_errors_only([&] {
    const RepoInfo info = parse_repo_info(text);
    tf::fuzz::require(tf::fuzz::is_lower_hex(info.commit, kCommitHexLength));
  });
  return 0;
}
