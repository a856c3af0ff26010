// libFuzzer target: the repo path check. check_repo_path throws exactly when is_safe_repo_path
// is false, with a message safe to print; a safe path never leaves its folder.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "engine/hub/utf8.hpp"
#include "hub_fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tf::engine::hub;
  const std::string_view path(reinterpret_cast<const char*>(data), size);
  const bool safe = is_safe_repo_path(path);
  bool threw = false;
  try {
    check_repo_path(path);
  } catch (const tf::Error& e) {
    threw = true;
    tf::fuzz::require(e.kind() == tf::ErrorKind::protocol);
    tf::fuzz::require_printable(e.what());
    tf::fuzz::require(is_valid_utf8(e.what()));
  }
  tf::fuzz::require(safe != threw);
  if (safe) {
    const auto joined = (std::filesystem::path("/root") / path).lexically_normal();
    tf::fuzz::require(joined.string().starts_with("/root/"));
    tf::fuzz::require(is_valid_utf8(path));
  }
  return 0;
}
