#include "tools/hub/protocol/url_path.hpp"

#include <algorithm>

#include "tools/hub/http/percent_encoding.hpp"
#include "tools/hub/http/relative_path.hpp"
#include "tools/hub/protocol/hub_error.hpp"

namespace tf::hub::protocol {

std::vector<std::string_view> split_path(std::string_view raw_path) {
  if (raw_path.starts_with('/')) raw_path.remove_prefix(1);
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= raw_path.size()) {
    const size_t end = std::min(raw_path.find('/', start), raw_path.size());
    segments.push_back(raw_path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

std::string join_segments(std::span<const std::string_view> segments) {
  std::string out;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) out += '/';
    out += segments[i];
  }
  return out;
}

std::string decode_segment(std::string_view raw) {
  auto decoded = http::percent_decode(raw);
  if (!decoded) throw bad_request("malformed percent-encoding in URL");
  for (const char c : *decoded) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      throw bad_request("control character in URL");
    }
  }
  return std::move(*decoded);
}

std::string decode_path(std::span<const std::string_view> segments) {
  auto path = http::decode_relative_path(join_segments(segments));
  if (!path) throw bad_request("invalid path in URL");
  return std::move(*path);
}

}  // namespace tf::hub::protocol
