#include "hub/xet_fixture.hpp"

namespace tf::test {

void HubXetTest::SetUp() {
  commit = hub.generate({"--repo", "org/xet", "--xet", "--content", "mixed", "--file",
                         "model.safetensors=3M", "--file", "empty.bin=0"})
               .at("commit");
  hub.generate({"--repo", "org/private", "--xet", "--private", "--file", "model.safetensors=100K"});
  hub.generate({"--repo", "org/gated", "--xet", "--gated", "--file", "model.safetensors=100K"});
  hub.start();
  const auto entry = tree_entry("model.safetensors");
  model_sha256 = entry.at("lfs").at("oid");
  model_xet_hash = entry.at("xetHash");
  model_bytes = stored_object(hub, model_sha256);
  ASSERT_EQ(model_bytes.size(), kModelSize);
}

nlohmann::json HubXetTest::tree_entry(const std::string& path) const {
  const auto tree = nlohmann::json::parse(http_get(url("/api/models/org/xet/tree/main")).body);
  for (const auto& entry : tree) {
    if (entry.at("path") == path) return entry;
  }
  throw std::runtime_error("no " + path + " in the tree of org/xet");
}

}  // namespace tf::test
