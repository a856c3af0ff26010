#include "tools/hub/protocol/tree_entry_json.hpp"

#include <nlohmann/json.hpp>

#include "tools/hub/store/git_objects.hpp"

namespace tf::hub::protocol {

namespace {

// The scan results the Hub reports for a clean file; huggingface_hub reads "status",
// "avScan" and "pickleImportScan".
nlohmann::json clean_security_status() {
  return {
      {"status", "safe"},
      {"avScan", {{"status", "safe"}, {"virusNames", nullptr}}},
      {"pickleImportScan", {{"status", "unscanned"}, {"pickleImports", nlohmann::json::array()}}}};
}

}  // namespace

nlohmann::json tree_entry_json(const store::TreeNode& node, bool expand) {
  nlohmann::json entry = {{"type", node.is_directory ? "directory" : "file"},
                          {"oid", node.oid},
                          {"size", node.is_directory ? 0 : node.file->size},
                          {"path", node.path}};
  if (!node.is_directory && node.file->is_lfs_pointer()) {
    const auto pointer = store::lfs_pointer_text(node.file->sha256, node.file->size);
    entry["lfs"] = {
        {"oid", node.file->sha256}, {"size", node.file->size}, {"pointerSize", pointer.size()}};
  }
  if (!node.is_directory && node.file->has_xet_storage()) entry["xetHash"] = node.file->xet_hash;
  if (expand) {
    entry["lastCommit"] = {{"id", node.last_commit->sha},
                           {"title", node.last_commit->title},
                           {"date", node.last_commit->date}};
    if (!node.is_directory) entry["securityFileStatus"] = clean_security_status();
  }
  return entry;
}

}  // namespace tf::hub::protocol
