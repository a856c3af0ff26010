#include "engine/resume_journal.hpp"

#include <array>
#include <cstring>
#include <fstream>
#include <string_view>

#include "io/error.hpp"
#include "io/xxh3.hpp"

namespace tf::engine {

namespace {

constexpr std::string_view kMagic = "TFJRNL01";
constexpr size_t kRecordSize = 24;
constexpr uint64_t kRecordSalt = 0x7466726563726421ULL;  // "tfrecrd!"
// Enough for any real chunk grid (1 byte .. 4 GiB) and file (< 2^62 bytes).
constexpr uint64_t kMaxChunkSize = uint64_t{1} << 32;
constexpr uint64_t kMaxFileSize = uint64_t{1} << 62;

void put_u16(std::vector<uint8_t>& out, uint16_t v) {
  for (int i = 0; i < 2; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_u32(std::vector<uint8_t>& out, uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}
void put_u64(std::vector<uint8_t>& out, uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

// Reads little-endian integers from a span, remembering whether it ran out.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  uint64_t uint(size_t width) {
    if (pos_ + width > bytes_.size()) {
      ok_ = false;
      return 0;
    }
    uint64_t v = 0;
    for (size_t i = 0; i < width; ++i)
      v |= uint64_t{bytes_[pos_ + i]} << (8 * i);
    pos_ += width;
    return v;
  }
  std::string text(size_t length) {
    if (pos_ + length > bytes_.size()) {
      ok_ = false;
      return {};
    }
    std::string s(reinterpret_cast<const char*>(bytes_.data() + pos_), length);
    pos_ += length;
    return s;
  }
  bool ok() const { return ok_; }
  size_t position() const { return pos_; }

 private:
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  bool ok_ = true;
};

uint64_t record_check(uint64_t chunk, uint64_t xxh3) {
  std::array<uint8_t, 16> raw{};
  std::memcpy(raw.data(), &chunk, 8);
  std::memcpy(raw.data() + 8, &xxh3, 8);
  return io::xxh3_64(raw) ^ kRecordSalt;
}

}  // namespace

std::vector<uint8_t> encode_journal_header(const JournalHeader& header) {
  if (header.validator.size() > UINT16_MAX || header.source.size() > UINT16_MAX) {
    throw Error(ErrorKind::invalid_argument, "journal header field too long");
  }
  std::vector<uint8_t> out(kMagic.begin(), kMagic.end());
  const size_t size =
      kMagic.size() + 4 + 8 + 8 + 2 + header.validator.size() + 2 + header.source.size() + 8;
  put_u32(out, static_cast<uint32_t>(size));
  put_u64(out, header.file_size);
  put_u64(out, header.chunk_size);
  put_u16(out, static_cast<uint16_t>(header.validator.size()));
  out.insert(out.end(), header.validator.begin(), header.validator.end());
  put_u16(out, static_cast<uint16_t>(header.source.size()));
  out.insert(out.end(), header.source.begin(), header.source.end());
  put_u64(out, io::xxh3_64(out));
  return out;
}

std::vector<uint8_t> encode_journal_record(const JournalRecord& record) {
  std::vector<uint8_t> out;
  out.reserve(kRecordSize);
  put_u64(out, record.chunk);
  put_u64(out, record.xxh3);
  put_u64(out, record_check(record.chunk, record.xxh3));
  return out;
}

std::optional<JournalContents> parse_journal(std::span<const uint8_t> bytes) {
  if (bytes.size() < kMagic.size() ||
      std::memcmp(bytes.data(), kMagic.data(), kMagic.size()) != 0) {
    return std::nullopt;
  }
  Reader r(bytes.subspan(kMagic.size()));
  JournalContents out;
  const uint64_t header_size = r.uint(4);
  out.header.file_size = r.uint(8);
  out.header.chunk_size = r.uint(8);
  out.header.validator = r.text(r.uint(2));
  out.header.source = r.text(r.uint(2));
  const size_t checked = kMagic.size() + r.position();
  const uint64_t check = r.uint(8);
  if (!r.ok() || header_size != checked + 8 || check != io::xxh3_64(bytes.first(checked))) {
    return std::nullopt;
  }
  const JournalHeader& h = out.header;
  if (h.chunk_size == 0 || h.chunk_size > kMaxChunkSize || h.file_size > kMaxFileSize) {
    return std::nullopt;
  }
  const uint64_t chunks = (h.file_size + h.chunk_size - 1) / h.chunk_size;
  std::span<const uint8_t> rest = bytes.subspan(header_size);
  while (rest.size() >= kRecordSize) {
    Reader rec(rest.first(kRecordSize));
    const JournalRecord record{rec.uint(8), rec.uint(8)};
    const bool valid =
        rec.uint(8) == record_check(record.chunk, record.xxh3) && record.chunk < chunks;
    if (valid) {
      out.records.push_back(record);
    } else {
      ++out.damaged_records;
    }
    rest = rest.subspan(kRecordSize);
  }
  if (!rest.empty()) ++out.damaged_records;  // a torn final append
  return out;
}

JournalWriter JournalWriter::create(const std::filesystem::path& path,
                                    const JournalHeader& header) {
  // Write the header under a temporary name and rename it in, so a crash here never leaves a
  // journal with a half header that would look like a different download.
  const auto temp = std::filesystem::path(path.string() + ".new");
  {
    auto file = io::FileHandle::open_read_write(temp);
    file.truncate(0);
    file.write_at(encode_journal_header(header), 0);
    file.sync();
  }
  io::durable_rename(temp, path);
  return append_to(path);
}

JournalWriter JournalWriter::append_to(const std::filesystem::path& path) {
  return JournalWriter(io::FileHandle::open_append(path));
}

void JournalWriter::append(const JournalRecord& record) const {
  file_.append(encode_journal_record(record));
}

std::optional<JournalContents> read_journal(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                   std::istreambuf_iterator<char>()};
  return parse_journal(bytes);
}

}  // namespace tf::engine
