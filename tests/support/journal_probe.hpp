// What a running download has recorded so far, read from outside the process, and the kill -9
// the resume tests deal it once its journal holds some chunks.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <system_error>
#include <vector>

#include "engine/resume_journal.hpp"
#include "support/cli.hpp"
#include "support/subprocess.hpp"

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

// Runs `turbofetch ARGS`, waits (at most 60 s) until the journal under `blobs` holds `records`
// chunks, then kills it with SIGKILL: a crash in the middle of a download.
inline void kill_nine_once_journaled(std::vector<std::string> args,
                                     const std::map<std::string, std::string>& env,
                                     const std::filesystem::path& blobs, size_t records) {
  using namespace std::chrono_literals;
  Subprocess process(turbofetch_args(std::move(args)), env);
  ASSERT_TRUE(wait_until([&] { return journal_records_under(blobs) >= records; }, 60s))
      << "the journal never held " << records << " chunks";
  process.signal(SIGKILL);
  process.wait(30s);
}

}  // namespace tf::test
