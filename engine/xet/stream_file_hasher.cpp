#include "engine/xet/stream_file_hasher.hpp"

namespace tf::xet {

void StreamFileHasher::update(std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    const Chunker::Scan scan = chunker_.scan(bytes);
    const auto piece = bytes.first(scan.consumed);
    if (scan.cut() && chunk_.empty()) {
      // The whole chunk is inside this slice: hash it in place, without a copy.
      file_.add_chunk(chunk_hash(piece), piece.size());
    } else {
      chunk_.insert(chunk_.end(), piece.begin(), piece.end());
      if (scan.cut()) {
        file_.add_chunk(chunk_hash(chunk_), chunk_.size());
        chunk_.clear();
      }
    }
    bytes = bytes.subspan(scan.consumed);
  }
}

MerkleHash StreamFileHasher::finish() {
  if (chunker_.finish() && !chunk_.empty()) {
    file_.add_chunk(chunk_hash(chunk_), chunk_.size());
    chunk_.clear();
  }
  return file_.file_hash();
}

}  // namespace tf::xet
