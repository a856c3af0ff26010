#include "tools/hub/cli/add_folder_command.hpp"

#include "tools/hub/store/commit_writer.hpp"
#include "tools/hub/store/data_dir.hpp"
#include "tools/hub/store/folder_ingest.hpp"

namespace tf::hub::cli {

void AddFolderCommand::add_to(CLI::App& app) {
  auto* command = app.add_subcommand(
      "add-folder", "Commit a folder's files to a repo branch (parent: the branch's head)");
  options_.add_to(*command);
  command->add_option("--from", folder_, "The folder to commit")->required();
  command->callback([this] { run(); });
}

void AddFolderCommand::run() const {
  const store::DataDir data(options_.data_dir);
  auto request = options_.commit_request("Add files from " + folder_);
  const auto policy = options_.storage_policy();
  request.files = store::ingest_folder(data.objects(), folder_, policy);
  const auto xet = store::ingest_xet_files(data.root(), data.objects(), request.files);
  const auto commit = store::record_commit(data, request);
  print_commit_summary(request, commit, options_.xet ? &xet : nullptr);
}

}  // namespace tf::hub::cli
