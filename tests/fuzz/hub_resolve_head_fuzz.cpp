// libFuzzer target: a /resolve/ answer's headers (E4) and the error mapping of the same answer.
// Input: two bytes of status, then "name: value" lines; after an empty line, the body.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/hub/hub_errors.hpp"
#include "hub_fuzz_checks.hpp"

namespace {

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Headers as the transport hands them over: lowercase names, repeated values joined.
tf::io::HeaderMap parse_headers(std::string_view& text) {
  tf::io::HeaderMap headers;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ')
      value.remove_prefix(1);
    auto [it, inserted] = headers.emplace(lowercase(line.substr(0, colon)), std::string(value));
    if (!inserted) it->second += ", " + std::string(value);
  }
  return headers;
}

bool is_safe_etag(std::string_view etag) {
  if (etag.empty() || etag.size() > 255 || etag.front() == '.') return false;
  for (const char c : etag) {
    const bool alphanumeric =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alphanumeric && std::string_view("._~+=-").find(c) == std::string_view::npos) return false;
  }
  return true;
}

bool is_http_url(const std::optional<std::string>& url) {
  return !url || url->starts_with("http://") || url->starts_with("https://");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tf::engine::hub;
  if (size < 2) return 0;
  const long status = (data[0] << 8 | data[1]) % 1000;
  std::string_view text(reinterpret_cast<const char*>(data + 2), size - 2);
  const tf::io::HeaderMap headers = parse_headers(text);
  const std::string url = "http://127.0.0.1:8080/org/name/resolve/main/dir/file.bin";
  tf::fuzz::expect_protocol_errors_only([&] {
    const ResolvedFile file = parse_resolve_head(status, headers, url);
    tf::fuzz::require(status >= 200 && status <= 399);
    tf::fuzz::require(tf::fuzz::is_lower_hex(file.commit, kCommitHexLength));
    tf::fuzz::require(is_safe_etag(file.etag));
    tf::fuzz::require(file.size <= kMaxRepoFileSize);
    if (file.xet_hash) tf::fuzz::require(tf::fuzz::is_lower_hex(*file.xet_hash, kSha256HexLength));
    tf::fuzz::require(is_http_url(file.location) && is_http_url(file.xet_auth_url) &&
                      is_http_url(file.xet_reconstruction_url));
  });
  const auto error = hub_error(status, headers, text, {"org/name", "main", "dir/file.bin", true});
  tf::fuzz::require_printable(error.what());
  return 0;
}
