// Small files that readers must never see half-written (refs, tree listings, local_dir
// metadata): written under a temporary name in the same folder, then renamed over the target.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tf::engine::hub {

// A name for a temporary sibling of `target`: "<name>.<8 random hex>.tmp", the form
// huggingface_hub uses for refs, so a leftover from a crash is recognisable.
std::filesystem::path temporary_sibling(const std::filesystem::path& target);

// Creates the parent folders, writes `content` to a temporary sibling and renames it over
// `target` (durably). Throws tf::Error(io or disk_full) naming the path.
void write_file_atomically(const std::filesystem::path& target, std::string_view content);

// The whole file, or nullopt when it does not exist; other failures throw tf::Error(io).
std::optional<std::string> read_small_file(const std::filesystem::path& path);

}  // namespace tf::engine::hub
