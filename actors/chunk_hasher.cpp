#include "actors/chunk_hasher.hpp"

#include <algorithm>
#include <optional>

#include "io/xxh3.hpp"

namespace tf::actors {

namespace {

using Self = caf::stateful_actor<ChunkHasherState>;
constexpr size_t kPieceSize = 256 << 10;  // stays in L2 between the two hashes

// Reads chunk `index` into the (cache-sized) buffer piece by piece, feeding XXH3 when asked
// and, when given, a SHA-256 state; both hash each piece while it is in cache.
uint64_t read_chunk(ChunkHasherState& st, uint64_t index, bool want_xxh3,
                    ChunkHasherState::PrefixHashes* sha) {
  const uint64_t begin = index * st.chunk_size;
  const uint64_t end = std::min(st.file_size, begin + st.chunk_size);
  io::Xxh3 xxh3;
  for (uint64_t offset = begin; offset < end;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(st.buffer.size(), end - offset));
    const std::span<uint8_t> piece(st.buffer.data(), n);
    st.file->read_at(piece, offset);
    if (want_xxh3) xxh3.update(piece);
    if (sha != nullptr) sha->update(piece);
    offset += n;
  }
  return want_xxh3 ? xxh3.digest() : 0;
}

// Pulls every chunk that is ready and next in order into the SHA-256.
void extend_prefix(ChunkHasherState& st) {
  while (st.prefix.any() && st.sha_next_chunk < st.ready.size() && st.ready[st.sha_next_chunk]) {
    read_chunk(st, st.sha_next_chunk, false, &st.prefix);
    ++st.sha_next_chunk;
  }
}

}  // namespace

void ChunkHasherState::PrefixHashes::update(std::span<const uint8_t> bytes) {
  if (content) content->update(bytes);
  if (xet) xet->update(bytes);
}

ChunkHasherState::PrefixHashes ChunkHasherState::PrefixHashes::clone() const {
  PrefixHashes copy;
  if (content) copy.content = content->clone();
  copy.xet = xet;
  return copy;
}

caf::behavior chunk_hasher(Self* self, std::shared_ptr<const io::FileHandle> file,
                           caf::actor supervisor, uint64_t file_size, uint64_t chunk_size,
                           std::optional<io::ContentHashKind> content_hash, bool xet_hash) {
  auto& st = self->state;
  st.file = std::move(file);
  st.supervisor = std::move(supervisor);
  st.file_size = file_size;
  st.chunk_size = chunk_size;
  if (content_hash) st.prefix.content.emplace(*content_hash, file_size);
  if (xet_hash) st.prefix.xet.emplace();
  st.ready.assign((file_size + chunk_size - 1) / chunk_size, false);
  st.buffer.resize(
      static_cast<size_t>(std::min<uint64_t>(kPieceSize, std::max<uint64_t>(1, chunk_size))));
  return {
      [=](const hash_chunk& request) {
        auto& s = self->state;
        chunk_hashed reply{request.chunk, 0, request.check_against_journal, true};
        try {
          // In order: one read serves both hashes (on a copy of the SHA-256 state, kept only
          // if the chunk passes its check). Out of order: XXH3 now if it is not known, and the
          // SHA-256 when the chunk's turn comes.
          const bool in_order = s.prefix.any() && request.chunk == s.sha_next_chunk;
          if (request.xxh3_known && !in_order) {
            reply.xxh3 = request.expected_xxh3;
          } else {
            std::optional<ChunkHasherState::PrefixHashes> extended;
            if (in_order) extended = s.prefix.clone();
            const uint64_t xxh3 =
                read_chunk(s, request.chunk, !request.xxh3_known, extended ? &*extended : nullptr);
            reply.xxh3 = request.xxh3_known ? request.expected_xxh3 : xxh3;
            reply.matches = !request.check_against_journal || xxh3 == request.expected_xxh3;
            if (reply.matches && in_order) {
              s.prefix = std::move(*extended);
              ++s.sha_next_chunk;
            }
          }
          if (reply.matches) {
            s.ready[request.chunk] = true;
            extend_prefix(s);
          }
        } catch (const Error& e) {
          self->send(s.supervisor, job_error{e.kind(), e.what()});
          return;
        }
        self->send(s.supervisor, reply);
      },
      // The content hash of the whole file (hex; empty when none is computed). Only asked once
      // every chunk has been hashed.
      [=](digest_atom) -> caf::result<std::string> {
        auto& s = self->state;
        if (!s.prefix.content) return std::string();
        if (s.sha_next_chunk != s.ready.size()) {
          return caf::make_error(caf::sec::runtime_error, "hasher: file not complete");
        }
        return s.prefix.content->finish().hex;
      },
      // The Xet file hash of the whole file (Xet hex; empty when none is computed).
      [=](xet_digest_atom) -> caf::result<std::string> {
        auto& s = self->state;
        if (!s.prefix.xet) return std::string();
        if (s.sha_next_chunk != s.ready.size()) {
          return caf::make_error(caf::sec::runtime_error, "hasher: file not complete");
        }
        return s.prefix.xet->finish().hex();
      },
  };
}

}  // namespace tf::actors
