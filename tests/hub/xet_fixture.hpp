// A started stand-in hub with Xet repos:
//   org/xet     --xet --content mixed: model.safetensors (3 MiB, chunks of every compression
//               scheme), empty.bin (0 bytes), config.json and README.md (regular files)
//   org/private the same kind of file in a private repo
//   org/gated   and in a gated repo (no token granted)
#pragma once

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "hub/xet_client.hpp"
#include "support/http_client.hpp"
#include "support/hub_server.hpp"

namespace tf::test {

class HubXetTest : public ::testing::Test {
 protected:
  void SetUp() override;

  std::string url(const std::string& path) const { return hub.hub_url() + path; }
  static std::string bearer(const std::string& token = HubServer::kToken) {
    return "Authorization: Bearer " + token;
  }
  // The tree entry of `path` in org/xet at main.
  nlohmann::json tree_entry(const std::string& path) const;

  static constexpr uint64_t kModelSize = 3 * 1024 * 1024;
  HubServer hub;
  std::string model_sha256;
  std::string model_xet_hash;
  std::string model_bytes;
  std::string commit;
};

}  // namespace tf::test
