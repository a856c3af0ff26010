// The chunk copier: the local half of a Xet download. For a xorb range whose chunks the chunk
// store already holds, it reads them from the store and writes them at their places in the
// file, as a fetch would have, and reports the bytes written to the supervisor. It runs beside
// the network fetches, so a delta update copies the unchanged bulk while the changed part
// downloads.
#pragma once

#include <caf/all.hpp>
#include <memory>

#include "actors/messages.hpp"
#include "io/file_handle.hpp"

namespace tf::actors {

struct ChunkCopierState {
  std::shared_ptr<const io::FileHandle> file;
  caf::actor supervisor;
  static inline const char* name = "chunk_copier";
};

caf::behavior chunk_copier(caf::stateful_actor<ChunkCopierState>* self,
                           std::shared_ptr<const io::FileHandle> file, caf::actor supervisor);

}  // namespace tf::actors
