#include "io/huge_pages.hpp"

#include <sys/mman.h>

namespace tf::io {

void advise_huge_pages(std::span<uint8_t> memory) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr uintptr_t huge_page = uintptr_t{2} << 20;
  const auto begin = reinterpret_cast<uintptr_t>(memory.data());
  const uintptr_t first = (begin + huge_page - 1) & ~(huge_page - 1);
  const uintptr_t last = (begin + memory.size()) & ~(huge_page - 1);
  if (last > first) {
    // The result is ignored on purpose: without THP the buffer simply keeps small pages.
    (void)madvise(reinterpret_cast<void*>(first), last - first, MADV_HUGEPAGE);
  }
#else
  (void)memory;
#endif
}

}  // namespace tf::io
