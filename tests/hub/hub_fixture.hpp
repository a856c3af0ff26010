// The repos most hub tests run against, in a started stand-in hub:
//   org/model  commit 1 (tag v1):  config.json, README.md, docs/guide/notes.txt,
//                                  weights/model.safetensors (LFS by name),
//                                  weights/shard.dat (LFS by size), weights/small.dat
//              commit 2 (main):    config.json changed, extra.txt added
//              branch feature/x:   one file, fx.txt
// The bytes of every file are kept, to compare with what the hub serves.
#pragma once

#include <map>
#include <string>

#include <gtest/gtest.h>

#include "support/http_client.hpp"
#include "support/hub_server.hpp"
#include "support/test_support.hpp"

namespace tf::test {

class HubTest : public ::testing::Test {
 protected:
  void SetUp() override;

  // Writes `files` into a new folder under the test's temporary folder.
  std::string write_folder(const std::string& name,
                           const std::map<std::string, std::string>& files);

  std::string url(const std::string& path) const { return hub.hub_url() + path; }
  static std::string bearer(const std::string& token = HubServer::kToken) {
    return "Authorization: Bearer " + token;
  }

  TempDir sources;
  HubServer hub;
  std::map<std::string, std::string> v1_files;
  std::map<std::string, std::string> main_files;
  std::string v1_commit;
  std::string main_commit;
  std::string feature_commit;
};

std::string bytes_of(size_t size, uint64_t seed);

}  // namespace tf::test
