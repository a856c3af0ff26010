// The byte-level plan of one file: which bytes are still unassigned, which work items are in
// flight, and which chunks are completely written. The Supervisor owns one per file; it is a
// single-threaded value (the actors serialise access).
//
// Chunks are the fixed grid of the resume journal (chunk k covers [k*C, min((k+1)*C, size))).
// Work items are what a connection fetches: they start chunk-aligned, but the tail of the
// download splits them at any byte so that no connection is left alone with a long range.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace tf::engine {

struct ByteRange {
  uint64_t begin = 0;
  uint64_t end = 0;  // exclusive
  uint64_t size() const { return end - begin; }
  bool operator==(const ByteRange&) const = default;
};

using WorkItemId = uint64_t;

struct WorkItem {
  WorkItemId id = 0;
  ByteRange range;
};

// Where to cut an in-flight item so that an idle connection can take its far half.
struct SplitProposal {
  WorkItemId victim = 0;
  uint64_t at = 0;
};

class RangePlan {
 public:
  RangePlan(uint64_t file_size, uint64_t chunk_size);

  uint64_t file_size() const { return file_size_; }
  uint64_t chunk_size() const { return chunk_size_; }
  size_t chunk_count() const { return written_.size(); }
  ByteRange chunk_range(size_t chunk) const;

  // A chunk already on disk and verified (from the journal): never fetched again.
  void mark_chunk_done(size_t chunk);
  // A chunk claimed by the journal is held back from assignment while it is re-checked; if
  // the check fails it is returned to the unassigned pool.
  void hold_chunk(size_t chunk);
  void return_chunk(size_t chunk);
  // A complete chunk found damaged on disk: its bytes count as unwritten and unassigned again.
  void forget_chunk(size_t chunk);
  bool chunk_complete(size_t chunk) const;

  // The lowest unassigned bytes, at most `max_bytes` (rounded up to the next chunk boundary so
  // that items rarely share a chunk), or nullopt when everything is assigned or done.
  std::optional<WorkItem> assign(uint64_t max_bytes);

  // The in-flight item with the most bytes left (by the progress reported so far), cut in the
  // middle, if its remainder is at least 2 * min_piece. Nothing changes until split() is called.
  std::optional<SplitProposal> propose_split(uint64_t min_piece) const;
  // Shrinks the victim to [begin, at) and returns a new item for [at, old end).
  WorkItem split(const SplitProposal& proposal);

  // Progress of an item: bytes before `position` have been received by its connection.
  void note_progress(WorkItemId id, uint64_t position);
  // The item is over; bytes from `unfinished_from` to its end go back to the unassigned pool.
  void release(WorkItemId id, uint64_t unfinished_from);

  // Records written bytes; returns the chunks this write completed.
  std::vector<size_t> record_written(uint64_t offset, uint64_t length);

  bool complete() const { return complete_chunks_ == written_.size(); }
  uint64_t bytes_written() const { return bytes_written_; }
  uint64_t bytes_unassigned() const;
  size_t items_in_flight() const { return items_.size(); }
  std::optional<ByteRange> item_range(WorkItemId id) const;

 private:
  struct LiveItem {
    ByteRange range;
    uint64_t position = 0;  // received up to here
  };

  void add_unassigned(ByteRange range);
  void remove_unassigned(ByteRange range);

  uint64_t file_size_;
  uint64_t chunk_size_;
  std::vector<uint64_t> written_;  // bytes written per chunk
  size_t complete_chunks_ = 0;
  uint64_t bytes_written_ = 0;
  std::map<uint64_t, uint64_t> unassigned_;  // begin -> end, disjoint, not adjacent
  std::map<WorkItemId, LiveItem> items_;
  WorkItemId next_id_ = 1;
};

}  // namespace tf::engine
