// Transparent huge pages for large, short-lived buffers. Writing a fresh 64 MiB buffer takes
// 16384 page faults with 4 KiB pages, and in a VM each fault can cost several microseconds:
// more than the work done on the bytes. With 2 MiB pages it takes 32.
#pragma once

#include <cstdint>
#include <span>

namespace tf::io {

// Advises the kernel to back the 2 MiB-aligned part of `memory` with huge pages (madvise
// MADV_HUGEPAGE; effective when THP is "always" or "madvise"). Advice only: it never fails, and
// does nothing for buffers smaller than 2 MiB or on systems without THP.
void advise_huge_pages(std::span<uint8_t> memory);

}  // namespace tf::io
