#include "actors/file_writer.hpp"

namespace tf::actors {

caf::behavior file_writer(caf::stateful_actor<FileWriterState>* self,
                          std::shared_ptr<const io::FileHandle> file, caf::actor supervisor) {
  self->state.file = std::move(file);
  self->state.supervisor = std::move(supervisor);
  return {
      [=](write_block& w) {
        auto& st = self->state;
        if (st.failed) return;
        try {
          st.file->write_at(w.block->bytes(), w.offset);
          self->send(st.supervisor,
                     bytes_written{w.item, w.offset, w.block->size(), std::move(w.digests)});
        } catch (const Error& e) {
          st.failed = true;
          self->send(st.supervisor, job_error{e.kind(), e.what()});
        }
      },
      // Answers once every block sent before this request has been written.
      [=](drain_atom) { return drain_atom_v; },
  };
}

}  // namespace tf::actors
