// How `tf-hub serve` was configured: what the protocol endpoints need besides the store.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <set>
#include <string>

namespace tf::hub::protocol {

struct HubSettings {
  std::set<std::string> valid_tokens;  // --token
  size_t tree_page_size = 50;          // --page-size: entries per tree listing page
  std::string cdn_url;                 // base URL of the CDN listener, for LFS redirects
  std::optional<std::filesystem::path> serve_dir;  // --serve-dir, served at /files/
};

}  // namespace tf::hub::protocol
