// Taking a request path apart: segments stay percent-encoded until the route knows what each
// one is, because an encoded '/' (%2F) inside a revision is not a separator.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tf::hub::protocol {

// "/a/b%2Fc/" -> {"a", "b%2Fc", ""}. The leading '/' is dropped.
std::vector<std::string_view> split_path(std::string_view raw_path);

// Joins raw segments with '/'.
std::string join_segments(std::span<const std::string_view> segments);

// Decodes one segment; throws HubError 400 for malformed escapes and control bytes.
std::string decode_segment(std::string_view raw);

// Decodes and checks a repo or file path (see http/relative_path.hpp); throws HubError 400.
std::string decode_path(std::span<const std::string_view> segments);

}  // namespace tf::hub::protocol
