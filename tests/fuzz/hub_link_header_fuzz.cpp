// libFuzzer target: the Link header (tree pagination, Xet links). parse_link_header never
// throws; next_page_url gives an absolute http(s) URL without spaces, or a protocol error.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/hub/hub_api.hpp"
#include "hub_fuzz_checks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tf::engine::hub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const auto& [url, rel] : parse_link_header(text)) {
    tf::fuzz::require(!rel.empty());
    tf::fuzz::require(rel.find_first_of(" \tABCDEFGHIJKLMNOPQRSTUVWXYZ") == std::string::npos);
    tf::fuzz::require(url.find('>') == std::string::npos);
  }
  tf::fuzz::expect_protocol_errors_only([&] {
    if (const auto next = next_page_url(text)) {
      std::string scheme = next->substr(0, next->find(':'));
      for (char& c : scheme)
        c = static_cast<char>(c | 0x20);
      tf::fuzz::require(scheme == "http" || scheme == "https");
      for (const char c : *next)
        tf::fuzz::require(static_cast<unsigned char>(c) > 0x20 && c != 0x7f);
    }
  });
  return 0;
}
