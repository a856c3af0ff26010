// The writer: pwrite()s received blocks at their offsets in the partial file and tells the
// Supervisor which bytes are on disk. Dropping the message returns the block to the pool,
// which un-pauses the transport if it was starved.
#pragma once

#include <caf/all.hpp>
#include <memory>

#include "actors/messages.hpp"
#include "io/file_handle.hpp"

namespace tf::actors {

struct FileWriterState {
  std::shared_ptr<const io::FileHandle> file;
  caf::actor supervisor;
  bool failed = false;  // after the first error, further blocks are dropped
  static inline const char* name = "file_writer";
};

caf::behavior file_writer(caf::stateful_actor<FileWriterState>* self,
                          std::shared_ptr<const io::FileHandle> file, caf::actor supervisor);

}  // namespace tf::actors
