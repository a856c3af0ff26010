#include "engine/xet/chunk_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <string>

#include "io/error.hpp"

namespace tf::xet {

namespace fs = std::filesystem;

namespace {

constexpr std::array<char, 8> kMagic = {'T', 'F', 'X', 'C', 'H', 'N', 'K', '1'};
constexpr size_t kMaxEntryChunks = 8192;  // a xorb's chunk limit
constexpr size_t kReadPiece = size_t{4} << 20;

void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

uint32_t get_u32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

std::optional<ChunkRange> parse_range_name(const std::string& name) {
  const auto dash = name.find('-');
  if (dash == std::string::npos || dash == 0 || dash + 1 >= name.size()) return std::nullopt;
  try {
    size_t used = 0;
    const unsigned long start = std::stoul(name.substr(0, dash), &used);
    if (used != dash) return std::nullopt;
    const unsigned long end = std::stoul(name.substr(dash + 1), &used);
    if (used != name.size() - dash - 1 || end <= start || end > kMaxEntryChunks) {
      return std::nullopt;
    }
    return ChunkRange{static_cast<uint32_t>(start), static_cast<uint32_t>(end)};
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Reads and checks an entry's header; nullopt when it is damaged.
std::optional<ChunkStoreEntry> open_entry(const fs::path& path, const ChunkRange& range) {
  std::error_code error;
  const uint64_t file_size = fs::file_size(path, error);
  if (error) return std::nullopt;
  try {
    const auto file = io::FileHandle::open_read_only(path);
    std::vector<uint8_t> head(kMagic.size() + 4);
    if (file_size < head.size()) return std::nullopt;
    file.read_at(head, 0);
    if (std::memcmp(head.data(), kMagic.data(), kMagic.size()) != 0) return std::nullopt;
    const uint32_t count = get_u32(head.data() + kMagic.size());
    if (count != range.count()) return std::nullopt;
    std::vector<uint8_t> lengths_bytes(size_t{count} * 4);
    if (file_size < head.size() + lengths_bytes.size()) return std::nullopt;
    file.read_at(lengths_bytes, head.size());
    ChunkStoreEntry entry{path, range, {}, head.size() + lengths_bytes.size()};
    uint64_t data = 0;
    for (uint32_t i = 0; i < count; ++i) {
      entry.lengths.push_back(get_u32(lengths_bytes.data() + 4 * i));
      data += entry.lengths.back();
    }
    if (entry.data_offset + data != file_size) return std::nullopt;
    return entry;
  } catch (const Error&) {
    return std::nullopt;
  }
}

void touch(const fs::path& path) {
  utimensat(AT_FDCWD, path.c_str(), nullptr, 0);  // now: marks the entry as recently used
}

// Copies `length` bytes from `from` at `offset` to the end of `to`, in the kernel when it can.
void copy_segment(const io::FileHandle& from, uint64_t offset, uint64_t length,
                  const io::FileHandle& to, uint64_t& out_offset) {
  auto in = static_cast<off_t>(offset);
  auto out = static_cast<off_t>(out_offset);
  while (length > 0) {
    const ssize_t n = copy_file_range(from.fd(), &in, to.fd(), &out, length, 0);
    if (n <= 0) break;
    length -= static_cast<uint64_t>(n);
  }
  // Fallback where copy_file_range is not supported (or stopped early).
  std::vector<uint8_t> buffer;
  while (length > 0) {
    buffer.resize(static_cast<size_t>(std::min<uint64_t>(length, kReadPiece)));
    from.read_at(buffer, static_cast<uint64_t>(in));
    to.write_at(buffer, static_cast<uint64_t>(out));
    in += static_cast<off_t>(buffer.size());
    out += static_cast<off_t>(buffer.size());
    length -= buffer.size();
  }
  out_offset = static_cast<uint64_t>(out);
}

}  // namespace

ChunkStore::ChunkStore(fs::path root, uint64_t max_bytes)
    : root_(std::move(root)), max_bytes_(max_bytes) {}

fs::path ChunkStore::xorb_folder(const MerkleHash& xorb) const {
  const std::string hex = xorb.hex();
  return root_ / hex.substr(0, 2) / hex;
}

std::optional<ChunkStoreEntry> ChunkStore::find(const MerkleHash& xorb,
                                                const ChunkRange& wanted) const {
  if (!enabled()) return std::nullopt;
  std::error_code error;
  for (fs::directory_iterator it(xorb_folder(xorb), error), end; !error && it != end;
       it.increment(error)) {
    const auto range = parse_range_name(it->path().filename().string());
    if (!range || !range->contains(wanted)) continue;
    if (auto entry = open_entry(it->path(), *range)) {
      touch(it->path());
      return entry;
    }
    fs::remove(it->path(), error);  // damaged: never offered again
    return std::nullopt;
  }
  return std::nullopt;
}

void ChunkStore::read(const ChunkStoreEntry& entry, const ChunkRange& wanted,
                      const ChunkCallback& on_chunk) const {
  if (!entry.chunks.contains(wanted)) {
    throw Error(ErrorKind::internal, "chunk store: range outside the entry");
  }
  uint64_t offset = entry.data_offset;
  for (uint32_t i = entry.chunks.start; i < wanted.start; ++i)
    offset += entry.lengths[i - entry.chunks.start];
  const auto file = io::FileHandle::open_read_only(entry.path);
  std::vector<uint8_t> buffer;
  // Reads several chunks at a time (up to 4 MiB), then hands them out one by one.
  for (uint32_t index = wanted.start; index < wanted.end;) {
    uint32_t last = index;
    uint64_t bytes = 0;
    while (last < wanted.end &&
           (last == index || bytes + entry.lengths[last - entry.chunks.start] <= kReadPiece)) {
      bytes += entry.lengths[last - entry.chunks.start];
      ++last;
    }
    buffer.resize(static_cast<size_t>(bytes));
    file.read_at(buffer, offset);
    size_t at = 0;
    for (; index < last; ++index) {
      const uint32_t length = entry.lengths[index - entry.chunks.start];
      on_chunk(index, std::span<const uint8_t>(buffer).subspan(at, length));
      at += length;
    }
    offset += bytes;
  }
}

void ChunkStore::insert(const MerkleHash& xorb, const ChunkRange& range,
                        const std::vector<uint32_t>& lengths, const io::FileHandle& source,
                        const std::vector<FileSegment>& segments) const {
  if (!enabled() || lengths.size() != range.count() || range.count() == 0) return;
  const fs::path folder = xorb_folder(xorb);
  const fs::path final_path =
      folder / (std::to_string(range.start) + "-" + std::to_string(range.end));
  std::error_code error;
  if (fs::exists(final_path, error)) {
    touch(final_path);
    return;
  }
  const fs::path temp =
      folder / ("." + final_path.filename().string() + "." + std::to_string(getpid()) + ".tmp");
  try {
    fs::create_directories(folder);
    std::vector<uint8_t> head(kMagic.begin(), kMagic.end());
    put_u32(head, static_cast<uint32_t>(lengths.size()));
    for (const uint32_t length : lengths)
      put_u32(head, length);
    {
      auto out = io::FileHandle::open_read_write(temp);
      out.truncate(0);
      out.write_at(head, 0);
      uint64_t at = head.size();
      for (const auto& segment : segments)
        copy_segment(source, segment.offset, segment.length, out, at);
    }
    fs::rename(temp, final_path);
  } catch (const std::exception&) {
    fs::remove(temp, error);
    return;
  }
  evict_to(max_bytes_);
}

uint64_t ChunkStore::size_on_disk() const {
  uint64_t total = 0;
  std::error_code error;
  for (fs::recursive_directory_iterator it(root_, error), end; !error && it != end;
       it.increment(error)) {
    if (it->is_regular_file(error)) total += it->file_size(error);
  }
  return total;
}

void ChunkStore::evict_to(uint64_t limit) const {
  struct Item {
    fs::file_time_type used;
    fs::path path;
    uint64_t size;
  };
  std::vector<Item> items;
  uint64_t total = 0;
  std::error_code error;
  for (fs::recursive_directory_iterator it(root_, error), end; !error && it != end;
       it.increment(error)) {
    if (!it->is_regular_file(error)) continue;
    const uint64_t size = it->file_size(error);
    items.push_back({it->last_write_time(error), it->path(), size});
    total += size;
  }
  if (total <= limit) return;
  std::sort(items.begin(), items.end(),
            [](const Item& a, const Item& b) { return a.used < b.used; });
  for (const auto& item : items) {
    if (total <= limit) break;
    if (fs::remove(item.path, error)) total -= item.size;
  }
}

void ChunkStore::remove(const ChunkStoreEntry& entry) const {
  std::error_code error;
  fs::remove(entry.path, error);
}

}  // namespace tf::xet
