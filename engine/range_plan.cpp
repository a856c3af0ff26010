#include "engine/range_plan.hpp"

#include <algorithm>

#include "io/error.hpp"

namespace tf::engine {

namespace {

Error broken(const std::string& what) {
  return Error(ErrorKind::internal, "range plan: " + what);
}

}  // namespace

RangePlan::RangePlan(uint64_t file_size, uint64_t chunk_size)
    : file_size_(file_size), chunk_size_(chunk_size) {
  if (chunk_size == 0) throw broken("chunk size is zero");
  written_.assign((file_size + chunk_size - 1) / chunk_size, 0);
  if (file_size > 0) unassigned_.emplace(0, file_size);
}

ByteRange RangePlan::chunk_range(size_t chunk) const {
  const uint64_t begin = chunk * chunk_size_;
  return {begin, std::min(file_size_, begin + chunk_size_)};
}

void RangePlan::mark_chunk_done(size_t chunk) {
  if (chunk >= written_.size()) throw broken("chunk index out of range");
  const ByteRange r = chunk_range(chunk);
  if (written_[chunk] == r.size()) return;
  remove_unassigned(r);
  bytes_written_ += r.size() - written_[chunk];
  written_[chunk] = r.size();
  ++complete_chunks_;
}

void RangePlan::hold_chunk(size_t chunk) {
  if (chunk >= written_.size()) throw broken("chunk index out of range");
  remove_unassigned(chunk_range(chunk));
}

void RangePlan::return_chunk(size_t chunk) {
  if (chunk >= written_.size()) throw broken("chunk index out of range");
  if (written_[chunk] != 0) throw broken("returned chunk has written bytes");
  add_unassigned(chunk_range(chunk));
}

void RangePlan::forget_chunk(size_t chunk) {
  if (!chunk_complete(chunk)) throw broken("forgetting a chunk that is not complete");
  const ByteRange r = chunk_range(chunk);
  written_[chunk] = 0;
  --complete_chunks_;
  bytes_written_ -= r.size();
  add_unassigned(r);
}

bool RangePlan::chunk_complete(size_t chunk) const {
  if (chunk >= written_.size()) throw broken("chunk index out of range");
  return written_[chunk] == chunk_range(chunk).size();
}

std::optional<WorkItem> RangePlan::assign(uint64_t max_bytes) {
  if (unassigned_.empty()) return std::nullopt;
  const auto first = unassigned_.begin();
  const uint64_t begin = first->first;
  uint64_t end = std::min(first->second, begin + std::max<uint64_t>(1, max_bytes));
  // Round up to a chunk boundary (still within the free interval).
  const uint64_t aligned = (end + chunk_size_ - 1) / chunk_size_ * chunk_size_;
  end = std::min(first->second, aligned);
  remove_unassigned({begin, end});
  const WorkItem item{next_id_++, {begin, end}};
  items_.emplace(item.id, LiveItem{item.range, begin});
  return item;
}

std::optional<SplitProposal> RangePlan::propose_split(uint64_t min_piece) const {
  std::optional<SplitProposal> best;
  uint64_t best_remaining = 0;
  for (const auto& [id, item] : items_) {
    const uint64_t remaining = item.range.end - item.position;
    if (remaining >= 2 * std::max<uint64_t>(1, min_piece) && remaining > best_remaining) {
      best_remaining = remaining;
      best = SplitProposal{id, item.position + remaining / 2};
    }
  }
  return best;
}

WorkItem RangePlan::split(const SplitProposal& proposal) {
  auto it = items_.find(proposal.victim);
  if (it == items_.end()) throw broken("split of an unknown item");
  LiveItem& victim = it->second;
  if (proposal.at <= victim.range.begin || proposal.at >= victim.range.end) {
    throw broken("split point outside the item");
  }
  const WorkItem item{next_id_++, {proposal.at, victim.range.end}};
  victim.range.end = proposal.at;
  victim.position = std::min(victim.position, proposal.at);
  items_.emplace(item.id, LiveItem{item.range, item.range.begin});
  return item;
}

void RangePlan::note_progress(WorkItemId id, uint64_t position) {
  auto it = items_.find(id);
  if (it == items_.end()) return;
  it->second.position = std::clamp(position, it->second.range.begin, it->second.range.end);
}

void RangePlan::release(WorkItemId id, uint64_t unfinished_from) {
  auto it = items_.find(id);
  if (it == items_.end()) return;
  const ByteRange r = it->second.range;
  items_.erase(it);
  const uint64_t from = std::clamp(unfinished_from, r.begin, r.end);
  if (from < r.end) add_unassigned({from, r.end});
}

std::vector<size_t> RangePlan::record_written(uint64_t offset, uint64_t length) {
  if (offset + length > file_size_ || offset + length < offset) {
    throw broken("write beyond the end of the file");
  }
  // Normally a no-op (bytes are assigned before they are written), but a single stream
  // writes without assignments, and written bytes must never be handed out again.
  remove_unassigned({offset, offset + length});
  std::vector<size_t> completed;
  while (length > 0) {
    const size_t chunk = offset / chunk_size_;
    const ByteRange r = chunk_range(chunk);
    const uint64_t n = std::min(length, r.end - offset);
    written_[chunk] += n;
    if (written_[chunk] > r.size()) throw broken("chunk written twice");
    if (written_[chunk] == r.size()) {
      completed.push_back(chunk);
      ++complete_chunks_;
    }
    bytes_written_ += n;
    offset += n;
    length -= n;
  }
  return completed;
}

uint64_t RangePlan::bytes_unassigned() const {
  uint64_t total = 0;
  for (const auto& [begin, end] : unassigned_)
    total += end - begin;
  return total;
}

std::optional<ByteRange> RangePlan::item_range(WorkItemId id) const {
  const auto it = items_.find(id);
  if (it == items_.end()) return std::nullopt;
  return it->second.range;
}

void RangePlan::add_unassigned(ByteRange range) {
  if (range.size() == 0) return;
  auto next = unassigned_.lower_bound(range.begin);
  if (next != unassigned_.begin()) {
    auto prev = std::prev(next);
    if (prev->second > range.begin) throw broken("released bytes were already unassigned");
    if (prev->second == range.begin) {
      range.begin = prev->first;
      unassigned_.erase(prev);
    }
  }
  if (next != unassigned_.end()) {
    if (next->first < range.end) throw broken("released bytes were already unassigned");
    if (next->first == range.end) {
      range.end = next->second;
      unassigned_.erase(next);
    }
  }
  unassigned_.emplace(range.begin, range.end);
}

void RangePlan::remove_unassigned(ByteRange range) {
  // Cut [begin, end) out of every interval it overlaps.
  auto it = unassigned_.upper_bound(range.begin);
  if (it != unassigned_.begin()) --it;
  while (it != unassigned_.end() && it->first < range.end) {
    const uint64_t b = it->first;
    const uint64_t e = it->second;
    if (e <= range.begin) {
      ++it;
      continue;
    }
    it = unassigned_.erase(it);
    if (b < range.begin) unassigned_.emplace(b, range.begin);
    if (e > range.end) it = unassigned_.emplace(range.end, e).first;
  }
}

}  // namespace tf::engine
