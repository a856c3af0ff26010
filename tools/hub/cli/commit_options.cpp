#include "tools/hub/cli/commit_options.hpp"

#include <iostream>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "tools/hub/cli/byte_size.hpp"

namespace tf::hub::cli {

void CommitOptions::add_to(CLI::App& command) {
  command.add_option("--data", data_dir, "The hub's data folder")->required();
  command.add_option("--repo", repo_id, "Repo id, org/name")->required();
  command.add_option("--type", type, "model, dataset or space")->capture_default_str();
  command.add_option("--branch", branch, "Branch that gets the new commit")->capture_default_str();
  command.add_option("--tag", tag, "Also tag the new commit");
  command
      .add_option("--lfs-threshold", lfs_threshold,
                  "Files of at least this size are LFS (so are *.safetensors, *.bin, ...)")
      ->capture_default_str();
  command.add_flag("--xet", xet, "Store LFS files as Xet files");
  command.add_flag("--private", make_private, "Make the repo private");
  command.add_flag("--gated", make_gated, "Make the repo gated");
  command.add_option("--grant", grants, "A token granted access to the gated repo (repeatable)");
  command.add_option("--date", date, "Commit date, ISO 8601 UTC (default: parent + 1 minute)");
  command.add_option("--title", title, "Commit title");
}

store::StoragePolicy CommitOptions::storage_policy() const {
  store::StoragePolicy policy;
  policy.lfs_threshold = parse_byte_size(lfs_threshold);
  policy.xet = xet;
  return policy;
}

store::CommitRequest CommitOptions::commit_request(std::string default_title) const {
  const auto repo_type = store::repo_type_from_string(type);
  if (!repo_type) {
    throw Error(ErrorKind::invalid_argument,
                "--type must be model, dataset or space, not '" + type + "'");
  }
  store::CommitRequest request;
  request.repo.type = *repo_type;
  request.repo.id = repo_id;
  request.repo.make_private = make_private;
  request.repo.make_gated = make_gated;
  request.repo.grant_tokens = grants;
  request.branch = branch;
  if (!tag.empty()) request.tag = tag;
  if (!date.empty()) request.date = date;
  request.title = title.empty() ? std::move(default_title) : title;
  return request;
}

void print_commit_summary(const store::CommitRequest& request, const store::Commit& commit,
                          const store::XetIngestStats* xet) {
  uint64_t bytes = 0;
  for (const auto& file : commit.files)
    bytes += file.size;
  nlohmann::json summary = {{"type", store::to_string(request.repo.type)},
                            {"repo", request.repo.id},
                            {"branch", request.branch},
                            {"commit", commit.sha},
                            {"files", commit.files.size()},
                            {"bytes", bytes}};
  if (xet != nullptr) {
    summary["xet"] = {{"files", xet->files},
                      {"bytes", xet->bytes},
                      {"new_xorb_bytes", xet->new_xorb_bytes},
                      {"chunks", xet->chunks},
                      {"deduplicated_chunks", xet->deduplicated_chunks}};
  }
  std::cout << summary.dump() << std::endl;
}

}  // namespace tf::hub::cli
