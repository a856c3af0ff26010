#include "io/huge_pages.hpp"

#include <gtest/gtest.h>

#include <vector>

// Advice cannot be observed portably; what matters is that any buffer is accepted and its
// content is untouched.
TEST(HugePages, AcceptsAnyBufferAndKeepsItsContent) {
  for (size_t size : {size_t{0}, size_t{1}, size_t{4096}, size_t{5} << 20}) {
    std::vector<uint8_t> buffer(size, 0x5a);
    tf::io::advise_huge_pages(buffer);
    for (size_t i = 0; i < size; i += 4093)
      ASSERT_EQ(buffer[i], 0x5a);
  }
  tf::io::advise_huge_pages({});
}
