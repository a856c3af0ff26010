#include "io/buffer_pool.hpp"

#include <algorithm>
#include <cstring>

namespace tf::io {

Block::Block(size_t capacity)
    : bytes_(std::make_unique_for_overwrite<uint8_t[]>(capacity)), capacity_(capacity) {}

size_t Block::fill(std::span<const uint8_t> input) {
  const size_t n = std::min(input.size(), space());
  std::memcpy(bytes_.get() + size_, input.data(), n);
  size_ += n;
  return n;
}

// Shared with every outstanding block's deleter, so a block released after the pool object
// is gone still finds somewhere to go.
struct BufferPool::State {
  State(size_t size, size_t max) : block_size(size), max_blocks(max) {}

  void release(Block* block) {
    std::function<void()> notify;
    {
      std::lock_guard lock(mutex);
      block->clear();
      free_blocks.emplace_back(block);
      --in_use;
      if (starved) {
        starved = false;
        notify = on_available;
      }
    }
    if (notify) notify();
  }

  const size_t block_size;
  const size_t max_blocks;
  mutable std::mutex mutex;
  std::vector<std::unique_ptr<Block>> free_blocks;
  size_t in_use = 0;
  size_t peak_in_use = 0;
  size_t allocated = 0;
  bool starved = false;
  std::function<void()> on_available;
};

BufferPool::BufferPool(size_t block_size, size_t max_blocks)
    : state_(std::make_shared<State>(block_size, std::max<size_t>(1, max_blocks))) {}

BufferPool::~BufferPool() {
  std::lock_guard lock(state_->mutex);
  state_->on_available = nullptr;
}

BlockPtr BufferPool::try_acquire() {
  std::unique_ptr<Block> block;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->in_use >= state_->max_blocks) {
      state_->starved = true;
      return nullptr;
    }
    if (!state_->free_blocks.empty()) {
      block = std::move(state_->free_blocks.back());
      state_->free_blocks.pop_back();
    }
    ++state_->in_use;
    state_->peak_in_use = std::max(state_->peak_in_use, state_->in_use);
  }
  // Blocks are allocated lazily, outside the lock: a slow link never touches most of the budget.
  if (!block) block = std::make_unique<Block>(state_->block_size);
  return BlockPtr(block.release(), [state = state_](Block* b) { state->release(b); });
}

void BufferPool::set_on_available(std::function<void()> callback) {
  std::lock_guard lock(state_->mutex);
  state_->on_available = std::move(callback);
}

size_t BufferPool::block_size() const {
  return state_->block_size;
}

size_t BufferPool::blocks_in_use() const {
  std::lock_guard lock(state_->mutex);
  return state_->in_use;
}

size_t BufferPool::peak_blocks_in_use() const {
  std::lock_guard lock(state_->mutex);
  return state_->peak_in_use;
}

}  // namespace tf::io
