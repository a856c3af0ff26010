// libFuzzer target: a paths-info answer (E3). Any input gives checked files or a
// tf::Error(protocol).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hub_fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tf::engine::hub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tf::fuzz::expect_protocol_errors_only([&] {
    for (const auto& file : parse_paths_info(text))
      tf::fuzz::require_valid(file);
  });
  return 0;
}
