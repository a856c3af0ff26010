// Repo ids are validated like huggingface_hub's validate_repo_id (utils/_validators.py); the
// valid and invalid examples are those of its tests (tests/test_utils_validators.py) and
// docstring, plus the rules' edges.
#include "engine/hub/repo_id.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

using namespace tf::engine::hub;

namespace {

std::string id_error(std::string_view id) {
  try {
    parse_repo_id(id, RepoType::model);
  } catch (const tf::Error& e) {
    EXPECT_EQ(e.kind(), tf::ErrorKind::invalid_argument);
    return e.what();
  }
  ADD_FAILURE() << "accepted: " << id;
  return "";
}

TEST(RepoId, AcceptsHuggingfaceHubValidExamples) {
  for (const char* id : {"123", "foo", "foo/bar", "Foo-BAR_foo.bar123", "_x", "a_", "a/b", "gpt2",
                         "meta-llama/Llama-3.1-8B", "org.name/model_v1.0"}) {
    EXPECT_EQ(parse_repo_id(id, RepoType::model).id, id);
  }
}

TEST(RepoId, RefusesHuggingfaceHubInvalidExamples) {
  for (const char* id : {"datasets/foo/bar", ".repo_id", "repo_id.", "foo--bar", "foo..bar",
                         "foo.git", "other..repo..id"}) {
    id_error(id);
  }
  id_error(std::string(100, 'a'));
}

TEST(RepoId, NameLengthIsOneTo96AndTheNamespaceIsUnbounded) {
  EXPECT_NO_THROW(parse_repo_id(std::string(96, 'a'), RepoType::model));
  EXPECT_NO_THROW(
      parse_repo_id(std::string(200, 'o') + "/" + std::string(96, 'a'), RepoType::model));
  EXPECT_NE(id_error(std::string(97, 'a')).find("96"), std::string::npos);
  id_error("org/");
  id_error("/name");
  id_error("");
}

TEST(RepoId, EachPartStartsAndEndsWithAWordCharacter) {
  for (const char* id :
       {"-org/name", "org-/name", ".org/name", "org/-name", "org/name-", "org/name."}) {
    EXPECT_NE(id_error(id).find("start and end"), std::string::npos) << id;
  }
  EXPECT_NO_THROW(parse_repo_id("_org_/_name_", RepoType::model));
}

TEST(RepoId, MessagesSayWhatIsWrongAndShowTheIdSafely) {
  EXPECT_NE(id_error("https://huggingface.co/org/name").find("not as a URL"), std::string::npos);
  EXPECT_NE(id_error("datasets/org/name").find("repo type"), std::string::npos);
  EXPECT_NE(id_error("a/b/c").find("'namespace/name'"), std::string::npos);
  EXPECT_NE(id_error("org/na me").find("letters, digits"), std::string::npos);
  EXPECT_NE(id_error("org/café").find("letters, digits"), std::string::npos);
  const std::string message = id_error("org/\x1b[31mred");
  EXPECT_EQ(message.find('\x1b'), std::string::npos);
  EXPECT_NE(message.find("\\x1b[31mred"), std::string::npos);
  // Python's `$` also matches before a final newline; we do not accept one.
  id_error("foo\n");
}

TEST(RepoId, TypesParseWithPluralsAndNameTheirFolders) {
  EXPECT_EQ(parse_repo_type("model"), RepoType::model);
  EXPECT_EQ(parse_repo_type("datasets"), RepoType::dataset);
  EXPECT_EQ(parse_repo_type("space"), RepoType::space);
  EXPECT_THROW(parse_repo_type("kernel"), tf::Error);
  EXPECT_THROW(parse_repo_type("Model"), tf::Error);
  EXPECT_EQ(to_string(RepoType::dataset), "dataset");
  EXPECT_EQ(api_segment(RepoType::space), "spaces");
  EXPECT_EQ(url_prefix(RepoType::model), "");
  EXPECT_EQ(url_prefix(RepoType::dataset), "datasets/");
}

// repo_folder_name in file_download.py: "{type}s" and the id's parts joined with "--".
TEST(RepoId, CacheFolderNamesAreHuggingfaceHubs) {
  EXPECT_EQ(repo_folder_name(parse_repo_id("julien-c/EsperBERTo-small", RepoType::model)),
            "models--julien-c--EsperBERTo-small");
  EXPECT_EQ(repo_folder_name(parse_repo_id("gpt2", RepoType::model)), "models--gpt2");
  EXPECT_EQ(repo_folder_name(parse_repo_id("google/fleurs", RepoType::dataset)),
            "datasets--google--fleurs");
  EXPECT_EQ(repo_folder_name(parse_repo_id("org/app", RepoType::space)), "spaces--org--app");
}

}  // namespace
