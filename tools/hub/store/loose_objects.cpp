#include "tools/hub/store/loose_objects.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <vector>

#include "io/error.hpp"
#include "tools/hub/store/git_objects.hpp"
#include "tools/hub/sys/digest.hpp"
#include "tools/hub/sys/full_io.hpp"
#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::store {

namespace {

constexpr size_t kBufferSize = size_t{256} << 10;

// A zlib deflate stream that writes its output to a file descriptor.
class DeflateToFile {
 public:
  DeflateToFile(int fd, std::string what) : fd_(fd), what_(std::move(what)), out_(kBufferSize) {
    // Fast compression: these objects are read back once by git, which repacks them anyway.
    if (deflateInit(&stream_, Z_BEST_SPEED) != Z_OK) {
      throw Error(ErrorKind::internal, "zlib deflateInit failed");
    }
  }
  DeflateToFile(const DeflateToFile&) = delete;
  DeflateToFile& operator=(const DeflateToFile&) = delete;
  ~DeflateToFile() { deflateEnd(&stream_); }

  void update(std::span<const uint8_t> bytes) { run(bytes, Z_NO_FLUSH); }
  void finish() { run({}, Z_FINISH); }

 private:
  void run(std::span<const uint8_t> bytes, int flush) {
    // zlib's API takes a non-const input pointer but never writes through it.
    stream_.next_in = const_cast<Bytef*>(bytes.data());
    stream_.avail_in = static_cast<uInt>(bytes.size());
    int status = Z_OK;
    do {
      stream_.next_out = out_.data();
      stream_.avail_out = static_cast<uInt>(out_.size());
      status = deflate(&stream_, flush);
      if (status == Z_STREAM_ERROR) throw Error(ErrorKind::internal, "zlib deflate failed");
      sys::write_all(fd_, out_.data(), out_.size() - stream_.avail_out, what_);
    } while (stream_.avail_out == 0 || (flush == Z_FINISH && status != Z_STREAM_END));
  }

  int fd_;
  std::string what_;
  std::vector<uint8_t> out_;
  z_stream stream_{};
};

// A temporary file beside the final object, removed unless renamed into place.
class TempObjectFile {
 public:
  explicit TempObjectFile(const std::filesystem::path& directory) {
    std::string pattern = (directory / ".tmp-obj-XXXXXX").string();
    fd_.reset(mkostemp(pattern.data(), O_CLOEXEC));
    if (!fd_.valid()) throw system_error(errno, "create", pattern);
    path_ = pattern;
  }
  TempObjectFile(const TempObjectFile&) = delete;
  TempObjectFile& operator=(const TempObjectFile&) = delete;
  ~TempObjectFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }

  void commit(const std::filesystem::path& final_path) {
    ::fchmod(fd_.get(), 0444);  // git's loose objects are read-only
    fd_.reset();
    if (::rename(path_.c_str(), final_path.c_str()) != 0) {
      throw system_error(errno, "rename to", final_path.string());
    }
    path_.clear();
  }

 private:
  sys::UniqueFd fd_;
  std::string path_;
};

}  // namespace

LooseObjects::LooseObjects(std::filesystem::path objects_dir) : directory_(std::move(objects_dir)) {
  std::filesystem::create_directories(directory_);
}

std::filesystem::path LooseObjects::path_of(std::string_view oid) const {
  return directory_ / std::string(oid.substr(0, 2)) / std::string(oid.substr(2));
}

bool LooseObjects::contains(std::string_view oid) const {
  struct stat info {};
  return sys::is_lower_hex(oid, 40) && ::stat(path_of(oid).c_str(), &info) == 0;
}

void LooseObjects::write(std::string_view type, std::string_view oid, uint64_t size,
                         const ByteSource& body) {
  if (!sys::is_lower_hex(oid, 40)) {
    throw Error(ErrorKind::internal, "not a git object id: '" + std::string(oid) + "'");
  }
  if (contains(oid)) return;
  const auto final_path = path_of(oid);
  std::filesystem::create_directories(final_path.parent_path());
  TempObjectFile temp(final_path.parent_path());
  DeflateToFile deflate(temp.fd(), temp.path());
  sys::Digest sha1(sys::DigestAlgorithm::sha1);
  const std::string header = git_object_header(type, size);
  const std::span<const uint8_t> header_bytes(reinterpret_cast<const uint8_t*>(header.data()),
                                              header.size());
  sha1.update(header_bytes);
  deflate.update(header_bytes);
  std::vector<uint8_t> buffer(kBufferSize);
  uint64_t total = 0;
  while (total <= size) {
    const size_t n = body(buffer);
    if (n == 0) break;
    const std::span<const uint8_t> chunk(buffer.data(), n);
    sha1.update(chunk);
    deflate.update(chunk);
    total += n;
  }
  if (total != size) {
    throw Error(ErrorKind::io, "git object " + std::string(oid) + ": the source gave " +
                                   std::to_string(total) + " bytes where " + std::to_string(size) +
                                   " were expected");
  }
  deflate.finish();
  const std::string actual = sha1.finish_hex();
  if (actual != oid) {
    throw Error(ErrorKind::internal, "git " + std::string(type) + " expected to be " +
                                         std::string(oid) + " hashes to " + actual);
  }
  temp.commit(final_path);
}

void LooseObjects::write(std::string_view type, std::string_view oid, std::string_view body) {
  size_t offset = 0;
  const ByteSource source = [&](std::span<uint8_t> buffer) {
    const size_t n = std::min(buffer.size(), body.size() - offset);
    std::memcpy(buffer.data(), body.data() + offset, n);
    offset += n;
    return n;
  };
  write(type, oid, body.size(), source);
}

}  // namespace tf::hub::store
