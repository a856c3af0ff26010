// Helpers shared by the tests: temporary folders that clean up after themselves, and
// deterministic test data.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace tf::test {

// A fresh folder under $TMPDIR, removed (recursively) when the object goes out of scope.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Deterministic pseudo-random bytes (xorshift64*), so a failing test can be reproduced.
std::vector<uint8_t> random_bytes(size_t size, uint64_t seed);

void write_file(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);
std::vector<uint8_t> read_file(const std::filesystem::path& path);
// The whole file as text (empty string when it cannot be read).
std::string read_text_file(const std::filesystem::path& path);

}  // namespace tf::test
