// Repository identity: type (model, dataset, space) and id ("org/name" or "name"), validated
// like huggingface_hub's validate_repo_id, and the names derived from it.
#pragma once

#include <string>
#include <string_view>

namespace tf::engine::hub {

enum class RepoType { model, dataset, space };

struct RepoId {
  RepoType type = RepoType::model;
  std::string id;  // "org/name" or "name"
  bool operator==(const RepoId&) const = default;
};

// "model", "dataset" or "space" (also the plurals); throws tf::Error(invalid_argument).
RepoType parse_repo_type(std::string_view text);
std::string_view to_string(RepoType type);

// Validates an id: one optional "org/" then a name; characters [A-Za-z0-9_.-]; name 1..96
// characters; no "--" or ".." anywhere; not starting or ending with '-' or '.'; no URL. Throws
// tf::Error(invalid_argument) saying what is wrong, with the id in the message.
RepoId parse_repo_id(std::string_view id, RepoType type);

// "models--org--name": the repo's folder in the cache.
std::string repo_folder_name(const RepoId& repo);
// "models", "datasets", "spaces": the API path segment.
std::string_view api_segment(RepoType type);
// "", "datasets/", "spaces/": the prefix of resolve URLs.
std::string_view url_prefix(RepoType type);

}  // namespace tf::engine::hub
