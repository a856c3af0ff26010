#include "engine/hub/repo_path.hpp"

#include <optional>
#include <string>

#include "engine/hub/printable.hpp"
#include "engine/hub/utf8.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

constexpr size_t kMaxPathBytes = 4096;    // PATH_MAX
constexpr size_t kMaxSegmentBytes = 255;  // NAME_MAX

// Python's ntpath.splitroot: any first character followed by ':' is a drive ("C:", "1:").
// huggingface_hub refuses such segments on every platform, so that a file written here cannot
// escape its folder when the cache is later used on Windows. Called on valid UTF-8 only.
bool starts_with_windows_drive(std::string_view segment) {
  size_t pos = 0;
  decode_utf8(segment, pos);
  return pos < segment.size() && segment[pos] == ':';
}

// Why one '/'-separated segment is unsafe, if it is.
std::optional<std::string> unsafe_segment_reason(std::string_view segment) {
  if (segment.empty()) return "it has an empty segment (leading, trailing or double '/')";
  if (segment == "." || segment == "..") return "it has a '" + std::string(segment) + "' segment";
  if (segment.size() > kMaxSegmentBytes) return "a segment is longer than 255 bytes";
  if (starts_with_windows_drive(segment)) return "a segment starts with a Windows drive (\"x:\")";
  return std::nullopt;
}

std::optional<std::string> unsafe_characters_reason(std::string_view path) {
  if (path.find('\\') != std::string_view::npos) return "it contains a backslash";
  size_t pos = 0;
  while (pos < path.size()) {
    const auto c = decode_utf8(path, pos);
    if (!c) return "it is not valid UTF-8";
    if (is_control_character(*c)) return "it contains a control character";
  }
  return std::nullopt;
}

std::optional<std::string> unsafe_reason(std::string_view path) {
  if (path.empty()) return "it is empty";
  if (path.size() > kMaxPathBytes) return "it is longer than 4096 bytes";
  if (path.front() == '/') return "it is absolute";
  if (auto reason = unsafe_characters_reason(path)) return reason;
  size_t start = 0;
  while (true) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (auto reason = unsafe_segment_reason(path.substr(start, end - start))) return reason;
    if (slash == std::string_view::npos) return std::nullopt;
    start = slash + 1;
  }
}

}  // namespace

bool is_safe_repo_path(std::string_view path) {
  return !unsafe_reason(path).has_value();
}

void check_repo_path(std::string_view path) {
  if (const auto reason = unsafe_reason(path)) {
    throw Error(ErrorKind::protocol, "refusing the repository file path \"" + printable(path) +
                                         "\": " + *reason +
                                         " (a file may only be written inside its folder)");
  }
}

}  // namespace tf::engine::hub
