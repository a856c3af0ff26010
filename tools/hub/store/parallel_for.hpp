// Hashing and writing many files is CPU-bound per file: spread the files over threads.
#pragma once

#include <cstddef>
#include <functional>

namespace tf::hub::store {

// Runs task(i) for every i in [0, count) on up to `threads` threads (at least one) and returns
// when all are done. If tasks throw, the remaining ones are skipped and the first exception is
// rethrown.
void parallel_for(size_t count, size_t threads, const std::function<void(size_t)>& task);

// The number of threads for disk-and-hash work: the hardware's, at least one.
size_t default_worker_count();

}  // namespace tf::hub::store
