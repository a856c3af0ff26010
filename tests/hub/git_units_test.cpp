// The pieces behind the hub's git routes, tested directly (tf_hub library): CGI output
// parsing and loose git objects.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/error.hpp"
#include "support/subprocess.hpp"
#include "support/test_support.hpp"
#include "tools/hub/protocol/cgi_response.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/store/git_objects.hpp"
#include "tools/hub/store/loose_objects.hpp"
#include "tools/hub/sys/child_process.hpp"
#include "tools/hub/sys/memory_file.hpp"

namespace tf::hub {
namespace {

std::shared_ptr<const http::OpenFile> output_file(std::string_view text) {
  return std::make_shared<const http::OpenFile>(sys::memory_file_with("cgi", text), "cgi");
}

TEST(HubGitUnits, CgiOutputWithStatusHeadersAndBody) {
  const auto response = protocol::cgi_response(output_file(
      "Status: 404 Not Found\r\nContent-Type: text/plain\r\nExpires: never\r\n\r\nnope"));
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.header("Content-Type"), "text/plain");
  EXPECT_EQ(response.header("Expires"), "never");
  EXPECT_FALSE(response.header("Status").has_value());
  ASSERT_EQ(response.body.parts().size(), 1u);
  const auto& slice = std::get<http::FileSlice>(response.body.parts().front());
  EXPECT_EQ(slice.length, 4u);
  EXPECT_EQ(sys::read_prefix(slice.file->fd(), 1000).substr(slice.offset), "nope");
}

TEST(HubGitUnits, CgiOutputWithoutStatusIs200AndLfOnlyLinesWork) {
  const auto response = protocol::cgi_response(output_file("Content-Type: a/b\n\n"));
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.header("Content-Type"), "a/b");
  EXPECT_EQ(response.body.size(), 0u);
}

TEST(HubGitUnits, MalformedCgiOutputIsABadGateway) {
  for (const char* text : {"Content-Type: a/b\r\n", "no colon\r\n\r\n", "Status: xyz\r\n\r\n",
                           "Status: 99\r\n\r\n", ""}) {
    try {
      protocol::cgi_response(output_file(text));
      ADD_FAILURE() << "accepted: " << text;
    } catch (const protocol::HubError& e) {
      EXPECT_EQ(e.status(), 502) << text;
    }
  }
}

TEST(HubGitUnits, LooseObjectsAreWhatGitReads) {
  test::TempDir dir;
  const auto repo = dir.path() / "r.git";
  ASSERT_EQ(test::run({"git", "init", "--quiet", "--bare", repo.string()}).exit_code, 0);
  store::LooseObjects objects(repo / "objects");
  const std::string content = "hello\n";
  const std::string oid = store::git_blob_oid(content);
  EXPECT_EQ(oid, "ce013625030ba8dba906f756967f9e9ca394464a");  // git hash-object of "hello\n"
  EXPECT_FALSE(objects.contains(oid));
  objects.write("blob", oid, content);
  EXPECT_TRUE(objects.contains(oid));
  objects.write("blob", oid, content);  // a second write finds it and does nothing
  const auto shown = test::run({"git", "--git-dir", repo.string(), "cat-file", "-p", oid});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.out, content);

  const std::string tree = store::git_tree_body({{"hello.txt", false, oid}});
  const std::string tree_oid = store::git_tree_oid({{"hello.txt", false, oid}});
  objects.write("tree", tree_oid, tree);
  const auto listed = test::run({"git", "--git-dir", repo.string(), "ls-tree", tree_oid});
  EXPECT_EQ(listed.out, "100644 blob " + oid + "\thello.txt\n");
}

TEST(HubGitUnits, AnObjectThatDoesNotHashToItsIdIsNotWritten) {
  test::TempDir dir;
  store::LooseObjects objects(dir.path() / "objects");
  const std::string wrong(40, 'a');
  try {
    objects.write("blob", wrong, "hello\n");
    ADD_FAILURE() << "a wrong id was accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::internal);
  }
  EXPECT_FALSE(objects.contains(wrong));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path() / "objects" / "aa"));
}

TEST(HubGitUnits, ChildProcessStreamsExitCodeAndTimeLimit) {
  const auto in = sys::memory_file_with("in", "abc");
  const auto out = sys::memory_file("out");
  const auto err = sys::memory_file("err");
  const auto done =
      sys::run_child({"sh", "-c", "tr a-z A-Z; echo oops >&2; exit 3"}, {"PATH=/usr/bin:/bin"},
                     {in.get(), out.get(), err.get()}, std::chrono::seconds(10));
  EXPECT_EQ(done.exit_code, 3);
  EXPECT_EQ(sys::read_prefix(out.get(), 100), "ABC");
  EXPECT_EQ(sys::read_prefix(err.get(), 100), "oops\n");

  const auto start = std::chrono::steady_clock::now();
  const auto slow =
      sys::run_child({"sleep", "30"}, {"PATH=/usr/bin:/bin"}, {in.get(), out.get(), err.get()},
                     std::chrono::milliseconds(200));
  EXPECT_TRUE(slow.timed_out);
  EXPECT_EQ(slow.signal, SIGKILL);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
}

}  // namespace
}  // namespace tf::hub
