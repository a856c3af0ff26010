// The resume journal: an append-only file beside a partial download that records each chunk
// once its bytes are written, with the chunk's XXH3. After Ctrl-C, kill -9 or a power cut,
// the next run re-reads the journal, re-checks every claimed chunk against the file, and
// fetches only what is missing.
//
// Layout (little-endian):
//   header:  "TFJRNL01" | u32 header_size | u64 file_size | u64 chunk_size
//            | u16 n + validator (ETag or Last-Modified of the object) | u16 n + source (URL)
//            | u64 XXH3 of all the header bytes before it
//   records: u64 chunk | u64 xxh3 | u64 XXH3(chunk,xxh3) ^ salt   (24 bytes each)
// A record is written with one append; a torn or damaged record fails its check and is
// ignored, which only means that chunk is fetched again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "io/file_handle.hpp"

namespace tf::engine {

struct JournalHeader {
  uint64_t file_size = 0;
  uint64_t chunk_size = 0;
  std::string validator;  // identifies the object version; empty when the server gave none
  std::string source;     // where the bytes come from (a URL, or a hub file identity)
  bool operator==(const JournalHeader&) const = default;
};

struct JournalRecord {
  uint64_t chunk = 0;
  uint64_t xxh3 = 0;
  bool operator==(const JournalRecord&) const = default;
};

struct JournalContents {
  JournalHeader header;
  std::vector<JournalRecord> records;  // valid records, in file order (later ones win)
  size_t damaged_records = 0;          // records that failed their check
};

// Parses a journal's bytes. nullopt when the header is missing, damaged or inconsistent (the
// partial download then starts over); never throws on any input.
std::optional<JournalContents> parse_journal(std::span<const uint8_t> bytes);

std::vector<uint8_t> encode_journal_header(const JournalHeader& header);
std::vector<uint8_t> encode_journal_record(const JournalRecord& record);

// Appends records to a journal file.
class JournalWriter {
 public:
  // Starts a new journal (replacing any old one) with this header, durably.
  static JournalWriter create(const std::filesystem::path& path, const JournalHeader& header);
  // Continues an existing journal whose header was already validated.
  static JournalWriter append_to(const std::filesystem::path& path);

  void append(const JournalRecord& record) const;

 private:
  explicit JournalWriter(io::FileHandle file) : file_(std::move(file)) {}
  io::FileHandle file_;
};

// Reads and parses the journal at path; nullopt if it does not exist or is unusable.
std::optional<JournalContents> read_journal(const std::filesystem::path& path);

}  // namespace tf::engine
