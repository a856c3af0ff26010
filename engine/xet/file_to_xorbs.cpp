#include "engine/xet/file_to_xorbs.hpp"

#include <utility>

#include "io/error.hpp"

namespace tf::xet {

FileToXorbs::FileToXorbs(ChunkIndex& index, XorbSink sink)
    : FileToXorbs(index, std::move(sink), Options{}) {}

FileToXorbs::FileToXorbs(ChunkIndex& index, XorbSink sink, Options options)
    : index_(index),
      sink_(std::move(sink)),
      builder_(options.compression, options.max_chunks_per_xorb) {
  chunk_buffer_.reserve(max_chunk_size);
}

void FileToXorbs::feed(std::span<const uint8_t> bytes) {
  sha256_.update(bytes);
  file_.size += bytes.size();
  while (!bytes.empty()) {
    const Chunker::Scan scan = chunker_.scan(bytes);
    const std::span<const uint8_t> part = bytes.first(scan.consumed);
    bytes = bytes.subspan(scan.consumed);
    if (!scan.cut()) {
      chunk_buffer_.insert(chunk_buffer_.end(), part.begin(), part.end());
    } else if (chunk_buffer_.empty()) {
      add_chunk(part);  // the whole chunk is in this slice: no copy
    } else {
      chunk_buffer_.insert(chunk_buffer_.end(), part.begin(), part.end());
      add_chunk(chunk_buffer_);
      chunk_buffer_.clear();
    }
  }
}

void FileToXorbs::add_chunk(std::span<const uint8_t> chunk) {
  const MerkleHash hash = chunk_hash(chunk);
  const auto size = static_cast<uint32_t>(chunk.size());
  file_hasher_.add_chunk(hash, size);
  ++file_.chunk_count;
  if (const auto stored = index_.find(hash); stored != index_.end()) {
    ++file_.deduplicated_chunks;
    append_to_terms(stored->second, size, false);
    return;
  }
  if (const auto open = open_xorb_chunks_.find(hash); open != open_xorb_chunks_.end()) {
    ++file_.deduplicated_chunks;
    append_to_terms({MerkleHash(), open->second}, size, true);
    return;
  }
  if (!builder_.try_add(chunk, hash)) {
    seal_xorb();
    if (!builder_.try_add(chunk, hash)) {
      throw Error(ErrorKind::internal, "FileToXorbs: an empty xorb refused a chunk");
    }
  }
  const auto index = static_cast<uint32_t>(builder_.chunk_count() - 1);
  open_xorb_chunks_.emplace(hash, index);
  append_to_terms({MerkleHash(), index}, size, true);
}

void FileToXorbs::append_to_terms(const ChunkLocation& location, uint32_t size, bool in_open_xorb) {
  if (!file_.terms.empty()) {
    ReconstructionTerm& last = file_.terms.back();
    const bool last_in_open_xorb =
        !open_xorb_terms_.empty() && open_xorb_terms_.back() == file_.terms.size() - 1;
    const bool same_xorb =
        in_open_xorb ? last_in_open_xorb : (!last_in_open_xorb && last.xorb == location.xorb);
    if (same_xorb && last.chunks.end == location.index) {
      ++last.chunks.end;
      last.unpacked_length += size;
      return;
    }
  }
  if (in_open_xorb) open_xorb_terms_.push_back(file_.terms.size());
  file_.terms.push_back({location.xorb, {location.index, location.index + 1}, size});
}

void FileToXorbs::seal_xorb() {
  if (builder_.empty()) return;
  BuiltXorb xorb = builder_.finish();
  for (uint32_t i = 0; i < xorb.chunks.size(); ++i) {
    index_.emplace(xorb.chunks[i].hash, ChunkLocation{xorb.hash, i});
  }
  for (size_t term : open_xorb_terms_)
    file_.terms[term].xorb = xorb.hash;
  open_xorb_terms_.clear();
  open_xorb_chunks_.clear();
  sink_(std::move(xorb));
}

StoredFile FileToXorbs::finish() {
  if (chunker_.finish()) {
    add_chunk(chunk_buffer_);
    chunk_buffer_.clear();
  }
  seal_xorb();
  file_.file_hash = file_hasher_.file_hash();
  file_.sha256 = sha256_.finish();
  StoredFile result = std::move(file_);
  file_ = StoredFile{};
  file_hasher_ = FileHasher{};
  return result;
}

}  // namespace tf::xet
