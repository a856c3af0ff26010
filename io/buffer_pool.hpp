// A bounded pool of fixed-size byte blocks: the only memory the data path uses between the
// network and the disk. When every block is out, the transport pauses receiving (TCP back
// pressure) until the writer returns one, so memory does not grow with file size or speed.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace tf::io {

class Block {
 public:
  explicit Block(size_t capacity);
  uint8_t* data() { return bytes_.get(); }
  const uint8_t* data() const { return bytes_.get(); }
  size_t capacity() const { return capacity_; }
  size_t size() const { return size_; }
  size_t space() const { return capacity_ - size_; }
  bool full() const { return size_ == capacity_; }
  std::span<const uint8_t> bytes() const { return {bytes_.get(), size_}; }
  // Copies as much of `input` as fits; returns how many bytes were taken.
  size_t fill(std::span<const uint8_t> input);
  void clear() { size_ = 0; }

 private:
  std::unique_ptr<uint8_t[]> bytes_;
  size_t capacity_;
  size_t size_ = 0;
};

using BlockPtr = std::shared_ptr<Block>;

class BufferPool {
 public:
  BufferPool(size_t block_size, size_t max_blocks);
  ~BufferPool();
  BufferPool(const BufferPool&) = delete;
  BufferPool& operator=(const BufferPool&) = delete;

  // An empty block, or nullptr when all max_blocks are in use. The block goes back to the
  // pool when its last owner drops it, from any thread.
  BlockPtr try_acquire();

  // Called (on the releasing thread) when a block comes back after a try_acquire failed.
  void set_on_available(std::function<void()> callback);

  size_t block_size() const;
  size_t blocks_in_use() const;
  size_t peak_blocks_in_use() const;

 private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace tf::io
