#include "engine/hub/local_dir.hpp"

#include <sys/stat.h>

#include <charconv>
#include <chrono>
#include <cmath>

#include "engine/hub/atomic_file.hpp"
#include "engine/hub/cache_layout.hpp"
#include "engine/hub/hex_id.hpp"
#include "engine/hub/repo_path.hpp"
#include "io/error.hpp"
#include "io/sha256.hpp"

namespace tf::engine::hub {

namespace {

constexpr size_t kPartialNameHexDigits = 32;

std::string strip(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return std::string(text);
}

// Python's file.readline(): the next line with its newline, "" at the end.
std::string_view next_line(std::string_view& text) {
  const size_t newline = text.find('\n');
  const size_t length = newline == std::string_view::npos ? text.size() : newline + 1;
  const std::string_view line = text.substr(0, length);
  text.remove_prefix(length);
  return line;
}

std::optional<double> parse_float(const std::string& text) {
  std::string_view digits = text;
  if (digits.starts_with('+')) digits.remove_prefix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || digits.empty()) {
    return std::nullopt;
  }
  return value;
}

// read_download_metadata: three lines, each stripped; the third a float.
std::optional<LocalDirMetadata> parse_metadata(std::string_view text) {
  LocalDirMetadata metadata;
  metadata.commit = strip(next_line(text));
  metadata.etag = strip(next_line(text));
  const auto timestamp = parse_float(strip(next_line(text)));
  if (!timestamp) return std::nullopt;
  metadata.timestamp = *timestamp;
  return metadata;
}

// str(time.time()): the shortest decimal that reads back as the same double, with ".0" for a
// whole number, as Python prints it.
std::string python_float(double value) {
  char buffer[64];
  const auto result =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  std::string text(buffer, result.ptr);
  if (text.find('.') == std::string::npos) text += ".0";
  return text;
}

double unix_time_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The file's modification time as Python's os.stat().st_mtime (following symlinks).
std::optional<double> modification_time(const std::filesystem::path& path) {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0) return std::nullopt;
  return static_cast<double>(status.st_mtim.tv_sec) +
         static_cast<double>(status.st_mtim.tv_nsec) / 1e9;
}

void check_single_line(std::string_view text, std::string_view what) {
  if (text.find_first_of("\r\n") != std::string_view::npos) {
    throw Error(ErrorKind::internal,
                "local_dir metadata: the " + std::string(what) + " spans several lines");
  }
}

}  // namespace

LocalDir::LocalDir(std::filesystem::path root) : root_(std::move(root)) {}

std::filesystem::path LocalDir::file(std::string_view repo_path) const {
  check_repo_path(repo_path);
  return root_ / repo_path;
}

std::filesystem::path LocalDir::metadata_file(std::string_view repo_path) const {
  check_repo_path(repo_path);
  return root_ / ".cache" / "huggingface" / "download" / (std::string(repo_path) + ".metadata");
}

std::filesystem::path LocalDir::partial_folder(std::string_view repo_path) const {
  const auto metadata = metadata_file(repo_path);
  const std::string name = std::filesystem::path(repo_path).filename().string();
  const auto digest =
      io::Sha256::of(std::span(reinterpret_cast<const uint8_t*>(name.data()), name.size()));
  return metadata.parent_path() /
         (io::to_hex(digest).substr(0, kPartialNameHexDigits) + ".incomplete");
}

std::filesystem::path LocalDir::tree_cache(std::string_view commit) const {
  if (!is_commit_hash(commit)) {
    throw Error(ErrorKind::internal,
                "not a commit hash: \"" + std::string(commit.substr(0, 64)) + "\"");
  }
  return root_ / ".cache" / "huggingface" / "trees" / (std::string(commit) + ".json");
}

void LocalDir::ensure_cache_folder() const {
  const auto folder = root_ / ".cache" / "huggingface";
  ensure_cachedir_tag(folder);
  std::error_code error;
  if (!std::filesystem::exists(folder / ".gitignore", error)) {
    write_file_atomically(folder / ".gitignore", "*");
  }
}

std::optional<LocalDirMetadata> LocalDir::read_metadata(std::string_view repo_path) const {
  const auto path = metadata_file(repo_path);
  std::optional<LocalDirMetadata> metadata;
  try {
    const auto text = read_small_file(path);
    if (!text) return std::nullopt;
    metadata = parse_metadata(*text);
  } catch (const Error&) {
  }
  if (!metadata) {
    std::error_code ignored;
    std::filesystem::remove(path, ignored);  // corrupted: huggingface_hub removes it too
    return std::nullopt;
  }
  // Valid only while the file was not modified after the metadata was written (1 s slack for
  // file systems with coarse timestamps).
  const auto mtime = modification_time(file(repo_path));
  if (!mtime || !(*mtime - 1 <= metadata->timestamp)) return std::nullopt;
  return metadata;
}

void LocalDir::write_metadata(std::string_view repo_path, std::string_view commit,
                              std::string_view etag) const {
  check_single_line(commit, "commit");
  check_single_line(etag, "etag");
  ensure_cache_folder();
  write_file_atomically(metadata_file(repo_path), std::string(commit) + "\n" + std::string(etag) +
                                                      "\n" + python_float(unix_time_now()) + "\n");
}

bool LocalDir::up_to_date(std::string_view repo_path, std::string_view etag) const {
  std::error_code error;
  if (!std::filesystem::is_regular_file(file(repo_path), error)) return false;
  const auto metadata = read_metadata(repo_path);
  return metadata && metadata->etag == etag;
}

}  // namespace tf::engine::hub
