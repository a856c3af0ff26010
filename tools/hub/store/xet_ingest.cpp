#include "tools/hub/store/xet_ingest.hpp"

#include <fcntl.h>

#include <cerrno>
#include <map>

#include "engine/xet/file_to_xorbs.hpp"
#include "io/error.hpp"
#include "tools/hub/store/xet_storage.hpp"
#include "tools/hub/sys/full_io.hpp"
#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::store {

namespace {

constexpr size_t kReadSize = size_t{4} << 20;

// Streams one object through `writer`; memory stays at one read buffer.
xet::StoredFile chunk_object(const std::filesystem::path& path, xet::FileToXorbs& writer) {
  sys::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) throw system_error(errno, "open", path.string());
  ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
  std::vector<uint8_t> buffer(kReadSize);
  while (true) {
    const size_t n = sys::read_full(fd.get(), buffer.data(), buffer.size(), path.string());
    if (n == 0) break;
    writer.feed(std::span<const uint8_t>(buffer.data(), n));
  }
  return writer.finish();
}

}  // namespace

XetIngestStats ingest_xet_files(const std::filesystem::path& data_root, const ObjectStore& objects,
                                std::vector<FileEntry>& entries) {
  const XetStorage storage(data_root);
  XetIngestStats stats;
  std::map<std::string, std::string> known;  // sha256 -> xet hash
  std::vector<FileEntry*> pending;
  for (auto& entry : entries) {
    if (entry.kind != FileKind::xet || known.count(entry.sha256) != 0) continue;
    if (auto hash = storage.xet_hash_of(entry.sha256)) {
      known.emplace(entry.sha256, std::move(*hash));
    } else {
      known.emplace(entry.sha256, "");
      pending.push_back(&entry);
    }
  }
  if (!pending.empty()) {
    const auto lock = storage.lock();
    xet::ChunkIndex index = storage.load_chunk_index();
    xet::FileToXorbs writer(index, [&](xet::BuiltXorb&& xorb) {
      stats.new_xorb_bytes += xorb.bytes.size();
      storage.store_xorb(xorb);
    });
    for (FileEntry* entry : pending) {
      const xet::StoredFile stored = chunk_object(objects.path_of(entry->sha256), writer);
      if (stored.size != entry->size) {
        throw Error(ErrorKind::io, "object " + entry->sha256 + " changed while it was chunked");
      }
      storage.store_file({stored.file_hash, entry->sha256, stored.size, stored.terms});
      known[entry->sha256] = stored.file_hash.hex();
      ++stats.files;
      stats.bytes += stored.size;
      stats.chunks += stored.chunk_count;
      stats.deduplicated_chunks += stored.deduplicated_chunks;
    }
  }
  for (auto& entry : entries) {
    if (entry.kind == FileKind::xet) entry.xet_hash = known.at(entry.sha256);
  }
  return stats;
}

}  // namespace tf::hub::store
