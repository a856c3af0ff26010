#include "engine/hub/repo_id.hpp"

#include <algorithm>

#include "engine/hub/printable.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

constexpr size_t kMaxNameLength = 96;

// huggingface_hub's REPO_ID_REGEX allows \w, '-' and '.', and its \b anchors make each part
// start and end with a \w character. We accept ASCII \w only: the Hub itself allows no other.
bool is_word_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool is_id_character(char c) {
  return is_word_character(c) || c == '-' || c == '.';
}

Error invalid_id(std::string_view id, const std::string& why) {
  return Error(ErrorKind::invalid_argument, "invalid repo id \"" + printable(id) + "\": " + why);
}

bool starts_with_type_folder(std::string_view id) {
  return id.starts_with("models/") || id.starts_with("datasets/") || id.starts_with("spaces/");
}

void check_part(std::string_view id, std::string_view part, std::string_view what) {
  if (!std::all_of(part.begin(), part.end(), is_id_character)) {
    throw invalid_id(id, "use only letters, digits, '-', '_' and '.'");
  }
  if (part.empty() || !is_word_character(part.front()) || !is_word_character(part.back())) {
    throw invalid_id(
        id, "the " + std::string(what) + " must start and end with a letter, a digit or '_'");
  }
}

void check_shape(std::string_view id) {
  if (id.empty()) throw invalid_id(id, "it is empty");
  if (id.find("://") != std::string_view::npos) {
    throw invalid_id(id, "pass the repo as 'namespace/name', not as a URL");
  }
  const auto slashes = std::count(id.begin(), id.end(), '/');
  if (slashes > 1 && starts_with_type_folder(id)) {
    throw invalid_id(id,
                     "the repo type is not part of the id: pass 'namespace/name' and the type "
                     "separately");
  }
  if (slashes > 1) throw invalid_id(id, "use the form 'name' or 'namespace/name'");
}

}  // namespace

RepoType parse_repo_type(std::string_view text) {
  if (text == "model" || text == "models") return RepoType::model;
  if (text == "dataset" || text == "datasets") return RepoType::dataset;
  if (text == "space" || text == "spaces") return RepoType::space;
  throw Error(ErrorKind::invalid_argument,
              "unknown repo type \"" + printable(text) + "\": use model, dataset or space");
}

std::string_view to_string(RepoType type) {
  switch (type) {
    case RepoType::dataset:
      return "dataset";
    case RepoType::space:
      return "space";
    case RepoType::model:
      break;
  }
  return "model";
}

RepoId parse_repo_id(std::string_view id, RepoType type) {
  check_shape(id);
  const auto slash = id.find('/');
  const std::string_view name = slash == std::string_view::npos ? id : id.substr(slash + 1);
  if (slash != std::string_view::npos) check_part(id, id.substr(0, slash), "namespace");
  check_part(id, name, "name");
  if (name.size() > kMaxNameLength) throw invalid_id(id, "the name is longer than 96 characters");
  if (id.find("--") != std::string_view::npos || id.find("..") != std::string_view::npos) {
    throw invalid_id(id, "it may not contain '--' or '..'");
  }
  if (id.ends_with(".git")) throw invalid_id(id, "it may not end with '.git'");
  return RepoId{type, std::string(id)};
}

std::string repo_folder_name(const RepoId& repo) {
  std::string out = std::string(api_segment(repo.type)) + "--";
  for (const char c : repo.id) {
    if (c == '/') {
      out += "--";
    } else {
      out += c;
    }
  }
  return out;
}

std::string_view api_segment(RepoType type) {
  switch (type) {
    case RepoType::dataset:
      return "datasets";
    case RepoType::space:
      return "spaces";
    case RepoType::model:
      break;
  }
  return "models";
}

std::string_view url_prefix(RepoType type) {
  switch (type) {
    case RepoType::dataset:
      return "datasets/";
    case RepoType::space:
      return "spaces/";
    case RepoType::model:
      break;
  }
  return "";
}

}  // namespace tf::engine::hub
