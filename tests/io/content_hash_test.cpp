#include "io/content_hash.hpp"

#include <string>

#include <gtest/gtest.h>

#include "io/sha256.hpp"

using namespace tf::io;

namespace {
std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}
}  // namespace

TEST(ContentHash, GitBlobIdsMatchGit) {
  // `printf 'hello\n' | git hash-object --stdin` and `git hash-object /dev/null`.
  EXPECT_EQ(content_hash(ContentHashKind::git_blob_sha1, bytes_of("hello\n")).hex,
            "ce013625030ba8dba906f756967f9e9ca394464a");
  EXPECT_EQ(content_hash(ContentHashKind::git_blob_sha1, {}).hex,
            "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}

TEST(ContentHash, Sha256MatchesTheStandardVectors) {
  EXPECT_EQ(content_hash(ContentHashKind::sha256, bytes_of("abc")).hex,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(to_hex(Sha256::of({})),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(ContentHash, IncrementalAndClonedStatesAgreeWithOneShot) {
  const std::string text = "The quick brown fox jumps over the lazy dog";
  ContentHasher hasher(ContentHashKind::git_blob_sha1, text.size());
  hasher.update(bytes_of(text.substr(0, 10)));
  ContentHasher copy = hasher.clone();
  hasher.update(bytes_of(text.substr(10)));
  copy.update(bytes_of(text.substr(10)));
  const auto expected = content_hash(ContentHashKind::git_blob_sha1, bytes_of(text));
  EXPECT_EQ(hasher.finish(), expected);
  EXPECT_EQ(copy.finish(), expected);
}
