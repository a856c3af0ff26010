#include "tools/hub/store/xet_storage.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "tools/hub/sys/full_io.hpp"

namespace tf::hub::store {

namespace {

namespace fs = std::filesystem;

// One chunk in a .chunks file: hash, size u32, byte_start u64, byte_end u64, scheme u8, all
// little-endian (the hub only runs on little-endian machines, as does turbofetch).
constexpr size_t kLayoutRecord = 32 + 4 + 8 + 8 + 1;

void write_atomically(const fs::path& path, const void* bytes, size_t size) {
  fs::create_directories(path.parent_path());
  std::string temp = (path.parent_path() / ".incoming-XXXXXX").string();
  sys::UniqueFd fd(::mkostemp(temp.data(), O_CLOEXEC));
  if (!fd.valid()) throw system_error(errno, "create", temp);
  try {
    sys::write_all(fd.get(), bytes, size, temp);
    ::fchmod(fd.get(), 0444);
    fd.reset();
    if (::rename(temp.c_str(), path.c_str()) != 0)
      throw system_error(errno, "rename to", path.string());
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
}

std::optional<std::string> read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

std::string encode_layout(std::span<const xet::XorbChunk> chunks) {
  std::string out(chunks.size() * kLayoutRecord, '\0');
  char* at = out.data();
  for (const auto& chunk : chunks) {
    std::memcpy(at, chunk.hash.bytes().data(), 32);
    std::memcpy(at + 32, &chunk.size, 4);
    std::memcpy(at + 36, &chunk.byte_start, 8);
    std::memcpy(at + 44, &chunk.byte_end, 8);
    at[52] = static_cast<char>(chunk.scheme);
    at += kLayoutRecord;
  }
  return out;
}

std::vector<xet::XorbChunk> decode_layout(std::string_view bytes, const fs::path& where) {
  if (bytes.empty() || bytes.size() % kLayoutRecord != 0) {
    throw Error(ErrorKind::io, "corrupt xorb layout " + where.string() + " (" +
                                   std::to_string(bytes.size()) + " bytes)");
  }
  std::vector<xet::XorbChunk> chunks(bytes.size() / kLayoutRecord);
  const char* at = bytes.data();
  for (auto& chunk : chunks) {
    xet::MerkleHash::Bytes hash{};
    std::memcpy(hash.data(), at, 32);
    chunk.hash = xet::MerkleHash(hash);
    std::memcpy(&chunk.size, at + 32, 4);
    std::memcpy(&chunk.byte_start, at + 36, 8);
    std::memcpy(&chunk.byte_end, at + 44, 8);
    chunk.scheme = static_cast<xet::CompressionScheme>(at[52]);
    at += kLayoutRecord;
  }
  return chunks;
}

nlohmann::json record_to_json(const XetFileRecord& file) {
  nlohmann::json terms = nlohmann::json::array();
  for (const auto& term : file.terms) {
    terms.push_back({term.xorb.hex(), term.chunks.start, term.chunks.end, term.unpacked_length});
  }
  return {{"xet_hash", file.xet_hash.hex()},
          {"sha256", file.sha256},
          {"size", file.size},
          {"terms", std::move(terms)}};
}

XetFileRecord record_from_json(const nlohmann::json& json) {
  XetFileRecord file;
  file.xet_hash = xet::MerkleHash::from_hex(json.at("xet_hash").get<std::string>());
  file.sha256 = json.at("sha256").get<std::string>();
  file.size = json.at("size").get<uint64_t>();
  for (const auto& term : json.at("terms")) {
    file.terms.push_back({xet::MerkleHash::from_hex(term.at(0).get<std::string>()),
                          {term.at(1).get<uint32_t>(), term.at(2).get<uint32_t>()},
                          term.at(3).get<uint64_t>()});
  }
  return file;
}

}  // namespace

XetStorage::XetStorage(fs::path data_root)
    : root_(std::move(data_root)),
      xorbs_(root_ / "xorbs"),
      files_(root_ / "xet" / "files"),
      by_sha256_(root_ / "xet" / "sha256") {}

fs::path XetStorage::xorb_path(const xet::MerkleHash& xorb) const {
  return xorbs_ / xorb.hex();
}

bool XetStorage::has_xorb(const xet::MerkleHash& xorb) const {
  std::error_code ec;
  return fs::exists(xorbs_ / (xorb.hex() + ".chunks"), ec);
}

void XetStorage::store_xorb(const xet::BuiltXorb& xorb) const {
  if (has_xorb(xorb.hash)) return;
  write_atomically(xorb_path(xorb.hash), xorb.bytes.data(), xorb.bytes.size());
  const std::string layout = encode_layout(xorb.chunks);
  write_atomically(xorbs_ / (xorb.hash.hex() + ".chunks"), layout.data(), layout.size());
}

std::optional<std::vector<xet::XorbChunk>> XetStorage::read_layout(
    const xet::MerkleHash& xorb) const {
  const fs::path path = xorbs_ / (xorb.hex() + ".chunks");
  const auto bytes = read_whole(path);
  if (!bytes) return std::nullopt;
  return decode_layout(*bytes, path);
}

xet::ChunkIndex XetStorage::load_chunk_index() const {
  xet::ChunkIndex index;
  std::error_code ec;
  if (!fs::is_directory(xorbs_, ec)) return index;
  for (const auto& entry : fs::directory_iterator(xorbs_)) {
    const fs::path& path = entry.path();
    if (path.extension() != ".chunks") continue;
    const auto xorb = xet::MerkleHash::parse_hex(path.stem().string());
    if (!xorb) continue;
    const auto chunks = read_layout(*xorb);
    for (uint32_t i = 0; chunks && i < chunks->size(); ++i) {
      index.emplace((*chunks)[i].hash, xet::ChunkLocation{*xorb, i});
    }
  }
  return index;
}

void XetStorage::store_file(const XetFileRecord& file) const {
  const std::string json = record_to_json(file).dump();
  write_atomically(files_ / (file.xet_hash.hex() + ".json"), json.data(), json.size());
  const std::string hash = file.xet_hash.hex();
  write_atomically(by_sha256_ / file.sha256, hash.data(), hash.size());
}

std::optional<XetFileRecord> XetStorage::read_file(const xet::MerkleHash& xet_hash) const {
  const fs::path path = files_ / (xet_hash.hex() + ".json");
  const auto text = read_whole(path);
  if (!text) return std::nullopt;
  try {
    return record_from_json(nlohmann::json::parse(*text));
  } catch (const nlohmann::json::exception& e) {
    throw Error(ErrorKind::io, "corrupt Xet file record " + path.string() + ": " + e.what());
  }
}

std::optional<std::string> XetStorage::xet_hash_of(std::string_view sha256) const {
  auto text = read_whole(by_sha256_ / std::string(sha256));
  if (!text || !xet::MerkleHash::parse_hex(*text)) return std::nullopt;
  return text;
}

XetStorage::Lock XetStorage::lock() const {
  fs::create_directories(root_ / "xet");
  const fs::path path = root_ / "xet" / "ingest.lock";
  sys::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid()) throw system_error(errno, "open", path.string());
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) throw system_error(errno, "lock", path.string());
  }
  return Lock(std::move(fd));
}

}  // namespace tf::hub::store
