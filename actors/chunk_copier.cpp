#include "actors/chunk_copier.hpp"

#include <vector>

#include "io/error.hpp"

namespace tf::actors {

namespace {

constexpr size_t kRunLimit = size_t{4} << 20;  // bytes gathered before one pwrite

// Gathers contiguous output into one buffer and writes it in one call.
class RunWriter {
 public:
  RunWriter(const io::FileHandle& file, const std::function<void(uint64_t, uint64_t)>& written)
      : file_(file), written_(written) {}

  void add(uint64_t offset, std::span<const uint8_t> bytes) {
    if (!run_.empty() && (start_ + run_.size() != offset || run_.size() >= kRunLimit)) flush();
    if (run_.empty()) start_ = offset;
    run_.insert(run_.end(), bytes.begin(), bytes.end());
  }
  void flush() {
    if (run_.empty()) return;
    file_.write_at(run_, start_);
    written_(start_, run_.size());
    total_ += run_.size();
    run_.clear();
  }
  uint64_t total() const { return total_; }

 private:
  const io::FileHandle& file_;
  const std::function<void(uint64_t, uint64_t)>& written_;
  std::vector<uint8_t> run_;
  uint64_t start_ = 0;
  uint64_t total_ = 0;
};

// Copies the unit's chunks; returns the bytes written. Throws tf::Error.
uint64_t copy(caf::stateful_actor<ChunkCopierState>* self, const copy_unit& job) {
  const auto& st = self->state;
  const std::function<void(uint64_t, uint64_t)> written = [&](uint64_t offset, uint64_t length) {
    self->send(st.supervisor, bytes_written{job.unit, offset, length, {}});
  };
  RunWriter out(*st.file, written);
  xet::FetchAssembler assembler(job.fetch);
  const auto& complete = *job.complete_chunks;
  job.store->read(
      job.entry, job.fetch.range.chunks, [&](uint32_t index, std::span<const uint8_t> data) {
        for (const auto& w : assembler.place(index, data.size())) {
          auto bytes = data.subspan(w.offset_in_chunk, w.length);
          uint64_t offset = w.file_offset;
          // Skip grid chunks already complete (resumed): they were hashed.
          while (!bytes.empty()) {
            const uint64_t grid = offset / job.chunk_size;
            const uint64_t end = (grid + 1) * job.chunk_size;
            const size_t n = static_cast<size_t>(std::min<uint64_t>(bytes.size(), end - offset));
            if (grid >= complete.size() || !complete[grid]) {
              out.add(offset, bytes.first(n));
            }
            bytes = bytes.subspan(n);
            offset += n;
          }
        }
      });
  assembler.finish();
  out.flush();
  return out.total();
}

}  // namespace

caf::behavior chunk_copier(caf::stateful_actor<ChunkCopierState>* self,
                           std::shared_ptr<const io::FileHandle> file, caf::actor supervisor) {
  self->state.file = std::move(file);
  self->state.supervisor = std::move(supervisor);
  return {
      [=](const copy_unit& job) {
        copy_done done{job.unit, false, 0, {}};
        try {
          done.bytes = copy(self, job);
          done.ok = true;
        } catch (const Error& e) {
          job.store->remove(job.entry);  // it did not hold what it claimed: never again
          done.error = e.what();
        }
        self->send(self->state.supervisor, std::move(done));
      },
  };
}

}  // namespace tf::actors
