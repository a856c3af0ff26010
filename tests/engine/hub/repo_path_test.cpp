// Paths a server lists become file names: anything that could leave the destination is refused.
#include "engine/hub/repo_path.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

using namespace tf::engine::hub;

namespace {

std::string path_error(std::string_view path) {
  try {
    check_repo_path(path);
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    return e.what();
  }
  ADD_FAILURE() << "accepted a hostile path";
  return "";
}

TEST(RepoPath, AcceptsOrdinaryPaths) {
  for (const char* path : {"config.json", "a/b/c.bin", ".gitattributes", "dir.with.dots/x", "...",
                           "..a", "a..", "日本語/モデル.bin", "name with spaces.txt", "ab:c",
                           "a/bc:", "weights/model-00001-of-00002.safetensors"}) {
    EXPECT_TRUE(is_safe_repo_path(path)) << path;
    EXPECT_NO_THROW(check_repo_path(path));
  }
}

TEST(RepoPath, RefusesTraversalAndAbsolutePaths) {
  for (const char* path : {"..", "../x", "a/../../x", "a/..", ".", "./x", "a/./b", "/etc/passwd",
                           "/", "a//b", "a/", "", "//x"}) {
    EXPECT_FALSE(is_safe_repo_path(path)) << path;
    path_error(path);
  }
}

TEST(RepoPath, RefusesBackslashesDrivesAndControlCharacters) {
  using namespace std::string_literals;
  for (const std::string& path :
       {"a\\b"s, "..\\x"s, "C:\\x"s, "C:x"s, "a/D:/b"s, "a:b"s, "1:x"s, "é:x"s, "x/_:"s, "a/b:"s,
        "a\0b"s, "a\nb"s, "\x1b[2J"s, "x\x7f"s, "x\u0085y"s, "tab\there"s}) {
    EXPECT_FALSE(is_safe_repo_path(path)) << path;
  }
}

TEST(RepoPath, RefusesInvalidUtf8) {
  for (const char* path : {"\xff", "a\xc3", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80"}) {
    EXPECT_FALSE(is_safe_repo_path(path));
  }
  EXPECT_NE(path_error("bad\xff").find("UTF-8"), std::string::npos);
}

TEST(RepoPath, RefusesOverlongNames) {
  EXPECT_TRUE(is_safe_repo_path(std::string(255, 'a')));
  EXPECT_FALSE(is_safe_repo_path(std::string(256, 'a')));
  std::string deep;
  while (deep.size() < 4096)
    deep += "abcdefg/";
  deep += "x";
  EXPECT_FALSE(is_safe_repo_path(deep));
  std::string fits(4096, 'a');
  for (size_t i = 200; i < fits.size(); i += 201)
    fits[i] = '/';
  EXPECT_TRUE(is_safe_repo_path(fits));
}

TEST(RepoPath, MessagesEscapeThePathForTheTerminal) {
  using namespace std::string_literals;
  const std::string message = path_error("evil\x1b]0;title\x07/../\nx\u202e"s);
  for (const char c : message) {
    EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20) << message;
  }
  EXPECT_NE(message.find("evil\\x1b]0;title\\x07/../\\nx\\u{202e}"), std::string::npos) << message;
  EXPECT_NE(path_error("a/../b").find("'..' segment"), std::string::npos);
  EXPECT_NE(path_error("a\\b").find("backslash"), std::string::npos);
}

}  // namespace
