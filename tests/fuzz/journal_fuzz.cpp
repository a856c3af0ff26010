// libFuzzer target: the resume journal parser must survive any bytes (a journal is read back
// after crashes, power cuts, and could be edited or truncated by anything) and never claim a
// chunk outside the header's grid.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "engine/resume_journal.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto journal = tf::engine::parse_journal(std::span(data, size));
  if (journal) {
    const auto& h = journal->header;
    const uint64_t chunks = (h.file_size + h.chunk_size - 1) / h.chunk_size;
    for (const auto& record : journal->records) {
      if (record.chunk >= chunks) std::abort();
    }
    // What parses must encode back to a prefix of the input.
    const auto header = tf::engine::encode_journal_header(h);
    if (header.size() > size) std::abort();
  }
  return 0;
}
