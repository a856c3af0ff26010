#include "tools/hub/store/object_store.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <optional>
#include <vector>

#include "io/error.hpp"
#include "tools/hub/store/git_objects.hpp"
#include "tools/hub/sys/digest.hpp"
#include "tools/hub/sys/full_io.hpp"
#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::store {

namespace {

constexpr size_t kBufferSize = size_t{1} << 20;

// A temporary file in the objects folder, removed unless it was renamed into place.
class IncomingObject {
 public:
  explicit IncomingObject(const std::filesystem::path& directory) {
    std::string pattern = (directory / ".incoming-XXXXXX").string();
    fd_.reset(mkostemp(pattern.data(), O_CLOEXEC));
    if (!fd_.valid()) throw system_error(errno, "create", pattern);
    path_ = pattern;
  }
  IncomingObject(const IncomingObject&) = delete;
  IncomingObject& operator=(const IncomingObject&) = delete;
  ~IncomingObject() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }

  int fd() const { return fd_.get(); }
  const std::string& path() const { return path_; }

  void commit(const std::filesystem::path& final_path) {
    // Objects are read-only from now on: the server hands their descriptors to sendfile.
    ::fchmod(fd_.get(), 0444);
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

ObjectStore::ObjectStore(std::filesystem::path directory) : directory_(std::move(directory)) {}

std::filesystem::path ObjectStore::path_of(std::string_view sha256) const {
  return directory_ / std::string(sha256);
}

bool ObjectStore::contains(std::string_view sha256) const {
  struct stat info {};
  return sys::is_lower_hex(sha256, 64) && ::stat(path_of(sha256).c_str(), &info) == 0 &&
         S_ISREG(info.st_mode);
}

StoredObject ObjectStore::store(const ByteSource& source, uint64_t size,
                                bool with_git_blob_oid) const {
  IncomingObject incoming(directory_);
  sys::Digest sha256(sys::DigestAlgorithm::sha256);
  std::optional<sys::Digest> git_sha1;
  if (with_git_blob_oid) {
    git_sha1.emplace(sys::DigestAlgorithm::sha1);
    git_sha1->update(git_blob_header(size));
  }
  std::vector<uint8_t> buffer(kBufferSize);
  uint64_t total = 0;
  while (true) {
    const size_t n = source(buffer);
    if (n == 0) break;
    const std::span<const uint8_t> chunk(buffer.data(), n);
    sha256.update(chunk);
    if (git_sha1) git_sha1->update(chunk);
    sys::write_all(incoming.fd(), chunk.data(), chunk.size(), incoming.path());
    total += n;
    if (total > size) break;
  }
  if (total != size) {
    throw Error(ErrorKind::io, "object source gave " + std::to_string(total) + " bytes where " +
                                   std::to_string(size) + " were expected");
  }
  StoredObject object;
  object.sha256 = sha256.finish_hex();
  if (git_sha1) object.git_blob_oid = git_sha1->finish_hex();
  object.size = size;
  incoming.commit(path_of(object.sha256));
  return object;
}

StoredObject ObjectStore::store_file(const std::filesystem::path& file,
                                     bool with_git_blob_oid) const {
  sys::UniqueFd fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) throw system_error(errno, "open", file.string());
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) throw system_error(errno, "stat", file.string());
  const std::string what = file.string();
  const ByteSource source = [&](std::span<uint8_t> buffer) {
    return sys::read_full(fd.get(), buffer.data(), buffer.size(), what);
  };
  return store(source, static_cast<uint64_t>(info.st_size), with_git_blob_oid);
}

}  // namespace tf::hub::store
