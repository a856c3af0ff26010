// What a running download has recorded so far, read from outside the process: the tests that
// kill turbofetch mid-download wait until its journal holds some chunks, then kill it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <system_error>

#include "engine/resume_journal.hpp"

namespace tf::test {

// The records of the first partial download's journal under a cache's blobs folder (each
// partial download is a folder there holding `data` and `journal`); 0 while there is none.
inline size_t journal_records_under(const std::filesystem::path& blobs) {
  std::error_code ec;
  if (!std::filesystem::is_directory(blobs, ec)) return 0;
  for (const auto& entry : std::filesystem::directory_iterator(blobs, ec)) {
    if (!std::filesystem::exists(entry.path() / "journal", ec)) continue;
    const auto contents = engine::read_journal(entry.path() / "journal");
    return contents ? contents->records.size() : 0;
  }
  return 0;
}

}  // namespace tf::test
