// libFuzzer target: a tree listing page (E2). Any input gives checked files and folders, or a
// tf::Error(protocol).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "hub_fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tf::engine::hub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tf::fuzz::expect_protocol_errors_only([&] {
    const TreePage page = parse_tree_page(text);
    for (const auto& file : page.files)
      tf::fuzz::require_valid(file);
    for (const auto& directory : page.directories)
      tf::fuzz::require(is_safe_repo_path(directory));
  });
  return 0;
}
