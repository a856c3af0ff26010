#include "hub/hub_fixture.hpp"

#include <filesystem>

namespace tf::test {

std::string bytes_of(size_t size, uint64_t seed) {
  const auto bytes = random_bytes(size, seed);
  return {bytes.begin(), bytes.end()};
}

std::string HubTest::write_folder(const std::string& name,
                                  const std::map<std::string, std::string>& files) {
  const auto root = sources.path() / name;
  for (const auto& [path, content] : files) {
    const auto file = root / path;
    std::filesystem::create_directories(file.parent_path());
    write_file(file, {content.begin(), content.end()});
  }
  return root.string();
}

void HubTest::SetUp() {
  v1_files = {{"config.json", "{\"model_type\": \"test\"}\n"},
              {"README.md", "# org/model\n"},
              {"docs/guide/notes.txt", "notes\n"},
              {"weights/model.safetensors", bytes_of(300'000, 1)},
              {"weights/shard.dat", bytes_of(262'144, 2)},
              {"weights/small.dat", bytes_of(5'000, 3)}};
  main_files = v1_files;
  main_files["config.json"] = "{\"model_type\": \"test\", \"v\": 2}\n";
  main_files["extra.txt"] = "extra\n";
  v1_commit = hub.add_folder({"--repo", "org/model", "--from", write_folder("v1", v1_files),
                              "--lfs-threshold", "256K", "--tag", "v1", "--title", "First"})
                  .at("commit");
  main_commit = hub.add_folder({"--repo", "org/model", "--from", write_folder("v2", main_files),
                                "--lfs-threshold", "256K", "--title", "Second"})
                    .at("commit");
  feature_commit = hub.add_folder({"--repo", "org/model", "--branch", "feature/x", "--from",
                                   write_folder("fx", {{"fx.txt", "feature\n"}})})
                       .at("commit");
  hub.start();
}

}  // namespace tf::test
