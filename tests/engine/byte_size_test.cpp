#include "engine/byte_size.hpp"

#include <gtest/gtest.h>

#include "io/error.hpp"

using tf::engine::format_bytes;
using tf::engine::parse_byte_size;

TEST(ByteSize, ParsesPlainAndBinaryUnits) {
  EXPECT_EQ(parse_byte_size("4096"), 4096u);
  EXPECT_EQ(parse_byte_size("512K"), 512u * 1024);
  EXPECT_EQ(parse_byte_size("8M"), 8u << 20);
  EXPECT_EQ(parse_byte_size("8MiB"), 8u << 20);
  EXPECT_EQ(parse_byte_size("1.5g"), 3ull << 29);
  EXPECT_EQ(parse_byte_size("2TB"), 2ull << 40);
}

TEST(ByteSize, RejectsGarbageWithTheTextInTheMessage) {
  for (const char* bad : {"", "M", "12X", "-5", "1.2.3M", "0.5", "99999999999T"}) {
    try {
      parse_byte_size(bad);
      FAIL() << "accepted " << bad;
    } catch (const tf::Error& e) {
      EXPECT_EQ(e.kind(), tf::ErrorKind::invalid_argument);
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos);
    }
  }
}

TEST(ByteSize, FormatsForPeople) {
  EXPECT_EQ(format_bytes(512), "512 B");
  EXPECT_EQ(format_bytes(1536), "1.50 KiB");
  EXPECT_EQ(format_bytes(3.0 * (1ull << 30)), "3.00 GiB");
}
