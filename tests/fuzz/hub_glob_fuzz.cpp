// libFuzzer target: glob matching (--include / --exclude). Input: pattern, NUL, text. Any
// pattern matches in bounded time; a pattern without wildcards matches only itself, and "*"
// followed by a literal pattern matches any text ending with it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/hub/file_filter.hpp"
#include "engine/hub/utf8.hpp"
#include "hub_fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tf::engine::hub;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const std::string_view pattern = input.substr(0, nul);
  const std::string_view text = nul == std::string_view::npos ? "" : input.substr(nul + 1);
  const bool matched = glob_match(pattern, text);
  if (pattern.find_first_of("*?[") == std::string_view::npos) {
    tf::fuzz::require(matched == (pattern == text));
    // Only for valid UTF-8: invalid bytes at the end of `text` and the start of `pattern` can
    // join into one character when concatenated (as they would in Python's decoding too).
    if (is_valid_utf8(pattern) && is_valid_utf8(text)) {
      tf::fuzz::require(
          glob_match("*" + std::string(pattern), std::string(text) + std::string(pattern)));
    }
  }
  tf::fuzz::require(glob_match("*", text));
  (void)FileFilter{{std::string(pattern)}, {std::string(text)}}.matches(text);
  return 0;
}
