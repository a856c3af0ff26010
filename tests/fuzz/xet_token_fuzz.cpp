// libFuzzer target: the Xet read token answer (E5). Any input gives a printable token and an
// http(s) CAS URL without a trailing '/' or whitespace, or a tf::Error(protocol).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/hub/xet_token.hpp"
#include "hub_fuzz_checks.hpp"

namespace {

bool starts_with_http(std::string_view url) {
  return url.starts_with("http://") || url.starts_with("https://");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tf::engine::hub;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  tf::fuzz::expect_protocol_errors_only([&] {
    const XetToken token = parse_xet_token(text);
    tf::fuzz::require(!token.access_token.empty());
    for (const char c : token.access_token)
      tf::fuzz::require(c > ' ' && c != 0x7f);
    tf::fuzz::require(starts_with_http(token.cas_url));
    tf::fuzz::require(token.cas_url.back() != '/');
    tf::fuzz::require(token.cas_url.find_first_of(" \r\n\t") == std::string_view::npos);
  });
  return 0;
}
