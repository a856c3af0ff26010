// Builds a huggingface_hub cache with turbofetch's cache functions (engine/hub/cache_layout) and
// prints what it holds, for scan_cache.mjs to compare with what @huggingface/hub reads there.
//   tf_cache_fixture <hub cache folder>
// Prints {"repo","type","folder","commits":{commit:{"refs":[...],"files":{path:{"etag","size",
// "content_sha256"}}}}} on stdout.
#include <openssl/evp.h>

#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "engine/hub/cache_layout.hpp"
#include "io/sha256.hpp"

namespace {

using namespace tf::engine::hub;

std::string sha256_hex(const std::string& content) {
  return tf::io::to_hex(tf::io::Sha256::of(
      std::span(reinterpret_cast<const uint8_t*>(content.data()), content.size())));
}

// sha1("blob <size>\0" + content): a regular file's oid, its etag on the Hub.
std::string git_blob_oid(const std::string& content) {
  const std::string data =
      "blob " + std::to_string(content.size()) + std::string(1, '\0') + content;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha1(), nullptr);
  return tf::io::to_hex(std::span<const uint8_t>(digest, length));
}

struct SourceFile {
  std::string path;
  std::string content;
  bool lfs;
};

RepoFile repo_file(const SourceFile& source) {
  RepoFile file;
  file.path = source.path;
  file.size = source.content.size();
  file.git_oid =
      git_blob_oid(source.lfs ? "version https://git-lfs.github.com/spec/v1\n" : source.content);
  if (source.lfs) file.lfs_sha256 = sha256_hex(source.content);
  return file;
}

// The downloader's last steps for a verified file: the blob under its final name, the link.
nlohmann::json store(const CacheLayout& cache, const std::string& commit,
                     const SourceFile& source) {
  const RepoFile file = repo_file(source);
  const auto blob = cache.blob(file.etag());
  if (!std::filesystem::exists(blob)) {
    std::filesystem::create_directories(blob.parent_path());
    std::ofstream(blob, std::ios::binary) << source.content;
  }
  link_snapshot_file(cache, commit, file);
  return {
      {"etag", file.etag()}, {"size", file.size}, {"content_sha256", sha256_hex(source.content)}};
}

nlohmann::json store_commit(const CacheLayout& cache, const std::string& commit,
                            const std::vector<SourceFile>& files,
                            const std::vector<std::string>& refs) {
  nlohmann::json out{{"refs", refs}, {"files", nlohmann::json::object()}};
  for (const auto& source : files)
    out["files"][source.path] = store(cache, commit, source);
  for (const auto& ref : refs)
    write_ref(cache, ref, commit);
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: tf_cache_fixture <hub cache folder>\n";
    return 2;
  }
  try {
    const std::filesystem::path hub_cache = argv[1];
    const CacheLayout cache(hub_cache, RepoId{RepoType::model, "org/model"});
    ensure_cachedir_tag(hub_cache);
    std::vector<SourceFile> v1{{"config.json", "{\"v\": 1}\n", false},
                               {"README.md", "# org/model\n", false},
                               {"model.safetensors", std::string(100'000, 'm'), true},
                               {"tokenizer/tokenizer.json", "{\"vocab\": []}\n", false},
                               {"a/b/deep.bin", std::string(5'000, 'd'), true}};
    std::vector<SourceFile> v2 = v1;
    v2[0].content = "{\"v\": 2}\n";
    v2[2].content = std::string(90'000, 'n');
    const std::string c1(40, '1');
    const std::string c2(40, '2');
    nlohmann::json manifest{{"repo", "org/model"},
                            {"type", "model"},
                            {"folder", repo_folder_name(RepoId{RepoType::model, "org/model"})}};
    manifest["commits"][c1] = store_commit(cache, c1, v1, {"v1"});
    manifest["commits"][c2] = store_commit(cache, c2, v2, {"main", "refs/pr/1"});
    std::vector<RepoFile> listing;
    for (const auto& source : v2)
      listing.push_back(repo_file(source));
    write_tree_cache(cache, c2, listing);
    mark_no_exist(cache, c2, "missing.json");
    std::cout << manifest.dump() << "\n";
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "tf_cache_fixture: " << e.what() << "\n";
    return 1;
  }
}
