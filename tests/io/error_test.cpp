#include "io/error.hpp"

#include <cerrno>

#include <gtest/gtest.h>

TEST(Error, SystemErrorNamesOperationAndPathAndMapsEnospcToDiskFull) {
  const tf::Error full = tf::system_error(ENOSPC, "pwrite", "/data/model.bin");
  EXPECT_EQ(full.kind(), tf::ErrorKind::disk_full);
  EXPECT_NE(std::string(full.what()).find("pwrite /data/model.bin"), std::string::npos);
  EXPECT_EQ(tf::system_error(EACCES, "open", "/x").kind(), tf::ErrorKind::io);
}
