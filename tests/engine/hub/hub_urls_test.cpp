// URLs as huggingface_hub builds them: hf_hub_url (file_download.py) and hf_api.py's
// model_info / list_repo_tree / get_paths_info, with urllib.parse.quote's encoding.
#include "engine/hub/hub_urls.hpp"

#include <gtest/gtest.h>

using namespace tf::engine::hub;

namespace {

const RepoId kModel{RepoType::model, "org/name"};
const RepoId kDataset{RepoType::dataset, "org/data"};
const RepoId kSpace{RepoType::space, "app"};
constexpr std::string_view kHub = "https://huggingface.co";

TEST(HubUrls, PercentEncodingKeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode("refs/pr/1"), "refs%2Fpr%2F1");
  EXPECT_EQ(percent_encode("a b+c%d?e#f&g=h"), "a%20b%2Bc%25d%3Fe%23f%26g%3Dh");
  EXPECT_EQ(percent_encode("é"), "%C3%A9");
  EXPECT_EQ(percent_encode(std::string_view("\0\xff", 2)), "%00%FF");
  EXPECT_EQ(percent_encode("a/b c", "/"), "a/b%20c");
}

TEST(HubUrls, RepoInfoEncodesTheRevisionWhole) {
  EXPECT_EQ(repo_info_url(kHub, kModel, "main"),
            "https://huggingface.co/api/models/org/name/revision/main");
  EXPECT_EQ(repo_info_url(kHub, kDataset, "refs/pr/1"),
            "https://huggingface.co/api/datasets/org/data/revision/refs%2Fpr%2F1");
  EXPECT_EQ(repo_info_url("http://127.0.0.1:8080", kSpace, "v1.0"),
            "http://127.0.0.1:8080/api/spaces/app/revision/v1.0");
}

TEST(HubUrls, TreeListsRecursivelyWithoutExpansion) {
  EXPECT_EQ(tree_url(kHub, kModel, "main"),
            "https://huggingface.co/api/models/org/name/tree/main?recursive=true&expand=false");
  // list_repo_tree quotes the folder with safe="" as well.
  EXPECT_EQ(tree_url(kHub, kModel, "refs/pr/1", "sub dir/x"),
            "https://huggingface.co/api/models/org/name/tree/refs%2Fpr%2F1/sub%20dir%2Fx"
            "?recursive=true&expand=false");
}

TEST(HubUrls, PathsInfo) {
  EXPECT_EQ(paths_info_url(kHub, kDataset, "refs/convert/parquet"),
            "https://huggingface.co/api/datasets/org/data/paths-info/refs%2Fconvert%2Fparquet");
}

TEST(HubUrls, ResolveKeepsSlashesOfThePathAndEncodesTheRest) {
  // hf_hub_url's docstring example.
  EXPECT_EQ(resolve_url(kHub, RepoId{RepoType::model, "julien-c/EsperBERTo-small"}, "main",
                        "pytorch_model.bin"),
            "https://huggingface.co/julien-c/EsperBERTo-small/resolve/main/pytorch_model.bin");
  EXPECT_EQ(
      resolve_url(kHub, kDataset, "refs/pr/1", "data/train 1.parquet"),
      "https://huggingface.co/datasets/org/data/resolve/refs%2Fpr%2F1/data/train%201.parquet");
  EXPECT_EQ(resolve_url(kHub, kSpace, "main", "a?b#c%/日"),
            "https://huggingface.co/spaces/app/resolve/main/a%3Fb%23c%25/%E6%97%A5");
}

}  // namespace
