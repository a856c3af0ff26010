// E1-E3 answers: valid ones as the Hub writes them (reference hub-protocol.md), hostile and
// malformed ones refused with tf::Error(protocol).
#include "engine/hub/hub_api.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

using namespace tf::engine::hub;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kOid = "d7edf6bd2a681fb0175f7735299831ee1b22b812";
const std::string kSha = "403450e234d65943a7dcf7e05a771ce3c92faa84dd07db4ac20f592037a1e4bd";

std::string protocol_error(auto parse) {
  try {
    parse();
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::protocol);
    return e.what();
  }
  ADD_FAILURE() << "accepted";
  return "";
}

TEST(RepoInfoAnswer, MinimalAnswer) {
  const auto info = parse_repo_info(R"({"_id":"x","id":"org/name","sha":")" + kCommit +
                                    R"(","private":false,"gated":false,"downloads":0})");
  EXPECT_EQ(info.commit, kCommit);
  EXPECT_FALSE(info.is_private);
  EXPECT_FALSE(info.gated);
}

TEST(RepoInfoAnswer, FlagsAndUppercaseSha) {
  std::string upper = kCommit;
  for (char& c : upper)
    c = static_cast<char>(std::toupper(c));
  const auto info =
      parse_repo_info(R"({"sha":")" + upper + R"(","private":true,"gated":"manual"})");
  EXPECT_EQ(info.commit, kCommit);
  EXPECT_TRUE(info.is_private);
  EXPECT_TRUE(info.gated);
  EXPECT_TRUE(parse_repo_info(R"({"sha":")" + kCommit + R"(","gated":"auto"})").gated);
  EXPECT_FALSE(parse_repo_info(R"({"sha":")" + kCommit + R"(","gated":null})").gated);
}

TEST(RepoInfoAnswer, Refused) {
  EXPECT_NE(protocol_error([] { parse_repo_info("{}"); }).find("sha"), std::string::npos);
  protocol_error([] { parse_repo_info(R"({"sha":"abc"})"); });
  protocol_error([] { parse_repo_info(R"({"sha":12})"); });
  protocol_error([] { parse_repo_info("[]"); });
  protocol_error([] { parse_repo_info("not json"); });
  protocol_error([] { parse_repo_info(""); });
  protocol_error([&] { parse_repo_info(R"({"sha":")" + kCommit + R"(","private":"yes"})"); });
}

std::string file_entry(const std::string& path, const std::string& extra = "") {
  return R"({"type":"file","oid":")" + kOid + R"(","size":5,"path":")" + path + "\"" + extra + "}";
}

TEST(TreePageAnswer, FilesLfsXetAndDirectories) {
  const std::string json =
      "[" + file_entry("config.json") + "," + R"({"type":"directory","oid":")" + kOid +
      R"(","size":0,"path":"sub"},)" +
      file_entry("sub/model.safetensors", R"(,"lfs":{"oid":")" + kSha +
                                              R"(","size":5,"pointerSize":134},"xetHash":")" +
                                              kSha + "\"") +
      R"(,{"type":"submodule","path":"whatever"}])";
  const TreePage page = parse_tree_page(json);
  ASSERT_EQ(page.files.size(), 2u);
  EXPECT_EQ(page.directories, std::vector<std::string>{"sub"});
  EXPECT_EQ(page.files[0].path, "config.json");
  EXPECT_EQ(page.files[0].size, 5u);
  EXPECT_EQ(page.files[0].git_oid, kOid);
  EXPECT_FALSE(page.files[0].is_lfs());
  EXPECT_EQ(page.files[0].etag(), kOid);
  EXPECT_EQ(page.files[1].lfs_sha256, kSha);
  EXPECT_EQ(page.files[1].xet_hash, kSha);
  EXPECT_EQ(page.files[1].etag(), kSha);
  EXPECT_FALSE(page.files[1].last_commit);
}

TEST(TreePageAnswer, ExpandedEntriesCarryTheLastCommit) {
  const auto page = parse_tree_page(
      "[" +
      file_entry("a", R"(,"lastCommit":{"id":")" + kCommit +
                          R"(","title":"t","date":"2024"},"securityFileStatus":{})") +
      "]");
  EXPECT_EQ(page.files.at(0).last_commit, kCommit);
  EXPECT_TRUE(parse_tree_page("[]").files.empty());
  EXPECT_FALSE(parse_tree_page("[" + file_entry("a", R"(,"lfs":null,"xetHash":null)") + "]")
                   .files[0]
                   .is_lfs());
}

TEST(TreePageAnswer, HostilePathsAreRefused) {
  for (const char* path : {"../x", "/etc/passwd", "a/../../b", "a\\\\b", "a\\u0000b", "", "a//b"}) {
    protocol_error([&] { parse_tree_page("[" + file_entry(path) + "]"); });
  }
  protocol_error(
      [] { parse_tree_page(R"([{"type":"directory","oid":"x","size":0,"path":"../up"}])"); });
}

TEST(TreePageAnswer, MalformedEntriesAreRefused) {
  const std::string no_size = R"([{"type":"file","oid":")" + kOid + R"(","path":"a"}])";
  EXPECT_NE(protocol_error([&] { parse_tree_page(no_size); }).find("size"), std::string::npos);
  for (const std::string size :
       {"-1", "1.5", "\"5\"", "1125899906842625", "18446744073709551616"}) {
    protocol_error([&] {
      parse_tree_page(R"([{"type":"file","oid":")" + kOid + R"(","size":)" + size +
                      R"(,"path":"a"}])");
    });
  }
  EXPECT_NO_THROW(parse_tree_page(R"([{"type":"file","oid":")" + kOid +
                                  R"(","size":1125899906842624,"path":"a"}])"));
  protocol_error([] { parse_tree_page(R"([{"type":"file","oid":"abc","size":1,"path":"a"}])"); });
  protocol_error(
      [&] { parse_tree_page("[" + file_entry("a", R"(,"lfs":{"oid":"short"})") + "]"); });
  protocol_error([&] {
    parse_tree_page("[" + file_entry("a", R"(,"lfs":{"oid":")" + kSha + R"(","size":6})") + "]");
  });
  protocol_error([&] { parse_tree_page("[" + file_entry("a", R"(,"lfs":[])") + "]"); });
  protocol_error([&] { parse_tree_page("[" + file_entry("a", R"(,"xetHash":"zz")") + "]"); });
  protocol_error(
      [&] { parse_tree_page("[" + file_entry("a", R"(,"lastCommit":{"id":1})") + "]"); });
  protocol_error([] { parse_tree_page(R"([{"path":"a"}])"); });
  protocol_error([] { parse_tree_page("[1]"); });
  protocol_error([] { parse_tree_page(R"({"files":[]})"); });
  protocol_error([] { parse_tree_page("[{]"); });
  protocol_error([] { parse_tree_page("[\"\xff\"]"); });
}

TEST(TreePageAnswer, DeepNestingIsAnErrorNotACrash) {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  protocol_error([&] { parse_tree_page(deep); });
}

TEST(PathsInfoAnswer, FilesOnly) {
  const auto files = parse_paths_info(
      "[" + file_entry("config.json", R"(,"lastCommit":{"id":")" + kCommit + R"("})") +
      R"(,{"type":"directory","oid":"x","size":0,"path":"sub"}])");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].last_commit, kCommit);
  EXPECT_TRUE(parse_paths_info("[]").empty());
  protocol_error([] { parse_paths_info("{}"); });
}

}  // namespace
