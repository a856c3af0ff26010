// The messages the download actors exchange. Big payloads travel as shared pointers (CAF 0.17
// copies messages), and every type is local-only, so none needs serialisation.
#pragma once

#include <caf/all.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/chunk_digester.hpp"
#include "actors/range_cursor.hpp"
#include "engine/download_options.hpp"
#include "engine/xet/cas_client.hpp"
#include "engine/xet/chunk_store.hpp"
#include "engine/xet/reassembly.hpp"
#include "io/buffer_pool.hpp"
#include "io/error.hpp"

namespace tf::actors {

// Transport thread -> writer: received bytes for the file at `offset`.
struct write_block {
  uint64_t item = 0;
  uint64_t offset = 0;
  io::BlockPtr block;
  std::vector<ChunkDigest> digests;  // chunks whose last byte is in this block
};

// Writer -> supervisor: those bytes are in the file now.
struct bytes_written {
  uint64_t item = 0;
  uint64_t offset = 0;
  uint64_t length = 0;
  std::vector<ChunkDigest> digests;  // passed on from the block
};

// Any actor -> supervisor: a failure that ends the download (disk full, I/O error...).
struct job_error {
  ErrorKind kind = ErrorKind::internal;
  std::string message;
};

// Supervisor -> hasher: chunk is completely written; take it into the SHA-256 prefix.
// Its XXH3 is either known already (computed as it streamed in), computed by the hasher, or
// (check_against_journal) recomputed and compared with what the journal claims.
struct hash_chunk {
  uint64_t chunk = 0;
  bool check_against_journal = false;
  uint64_t expected_xxh3 = 0;
  bool xxh3_known = false;
};

// Hasher -> supervisor.
struct chunk_hashed {
  uint64_t chunk = 0;
  uint64_t xxh3 = 0;
  bool check_against_journal = false;
  bool matches = true;
};

// What the first response told us about the object.
struct probe_result {
  long status = 0;
  bool ranges_supported = false;
  bool size_known = false;
  uint64_t size = 0;
  std::string validator;  // strong ETag, or Last-Modified, or empty
  std::string effective_url;
};

// Supervisor -> range worker: fetch this item (probe: find out size and range support).
struct fetch_range {
  uint64_t item = 0;
  std::shared_ptr<RangeCursor> cursor;
  std::shared_ptr<ChunkDigester> digester;
  std::string url;
  std::vector<std::string> headers;  // e.g. Authorization, only for the host it belongs to
  std::string validator;             // sent as If-Range so two versions are never spliced
  uint64_t total = 0;                // the object's size, checked against each Content-Range
  bool probe = false;
  bool whole_object = false;  // a probe that asks for the whole object (no Range header)
};

// Transport thread -> range worker: the transfer for `item` is over.
struct transfer_done {
  uint64_t item = 0;
  int outcome = 0;  // io::TransferResult::Outcome
  long status = 0;
  std::string error;
  bool stalled = false;
  bool range_ignored = false;  // 200 to a range request: no Range support, or a new version
  std::string protocol_error;  // the response did not match the request
  int64_t retry_after_seconds = -1;
  uint64_t body_bytes = 0;
};

// Range worker -> supervisor.
struct range_finished {
  uint64_t item = 0;
};
struct range_failed {
  uint64_t item = 0;
  ErrorKind kind = ErrorKind::network;
  std::string message;
};
struct range_restart {  // the object changed or stopped honouring Range
  uint64_t item = 0;
  std::string reason;
};
struct retry_scheduled {
  uint64_t item = 0;
  uint64_t delay_ms = 0;
  std::string reason;
};
struct worker_stopped {};

// Supervisor -> whoever asked for the download: a report, or the error that ended it.
struct download_outcome {
  std::optional<engine::DownloadReport> report;
  ErrorKind error_kind = ErrorKind::internal;
  std::string error_message;
};

// --- Xet downloads (xet_supervisor.hpp) ---

// What the chunks of one xorb range turned out to be: each chunk's decoded length and a file
// offset where it was written whole (-1: not whole anywhere). Lets the chunk store keep them.
struct XorbChunkLayout {
  std::vector<uint32_t> lengths;
  std::vector<int64_t> file_offsets;
};

// Transport thread -> Xet supervisor: the request for xorb range `unit` is over.
struct xorb_done {
  uint64_t unit = 0;
  int outcome = 0;  // io::TransferResult::Outcome
  long status = 0;
  std::string error;
  bool stalled = false;
  std::string protocol_error;  // wrong Content-Range, or the bytes did not decode
  int64_t retry_after_seconds = -1;
  uint64_t body_bytes = 0;
  std::shared_ptr<XorbChunkLayout> layout;
};

// Planner thread -> Xet supervisor: what to fetch for the missing parts of the file (one
// reassembly plan per missing byte range), or why there is no plan.
struct xet_plan {
  std::shared_ptr<const std::vector<xet::ReassemblyPlan>> plans;
  int api_version = 2;
  ErrorKind kind = ErrorKind::internal;
  std::string error;
};

// Xet supervisor -> chunk copier: write a unit's chunks from a chunk store entry.
struct copy_unit {
  uint64_t unit = 0;
  xet::PlannedFetch fetch;
  xet::ChunkStoreEntry entry;
  std::shared_ptr<const xet::ChunkStore> store;
  std::shared_ptr<const std::vector<bool>> complete_chunks;  // grid chunks not to write
  uint64_t chunk_size = 0;
};

// Chunk copier -> Xet supervisor: a unit was (or could not be) copied from the chunk store.
struct copy_done {
  uint64_t unit = 0;
  bool ok = false;
  uint64_t bytes = 0;
  std::string error;
};

}  // namespace tf::actors

CAF_BEGIN_TYPE_ID_BLOCK(turbofetch, caf::first_custom_type_id)
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::write_block))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::bytes_written))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::job_error))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::hash_chunk))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::chunk_hashed))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::probe_result))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::fetch_range))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::transfer_done))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::range_finished))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::range_failed))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::range_restart))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::retry_scheduled))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::worker_stopped))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::download_outcome))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::xorb_done))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::copy_done))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::copy_unit))
CAF_ADD_TYPE_ID(turbofetch, (tf::actors::xet_plan))
CAF_ADD_ATOM(turbofetch, tf::actors, tick_atom, "tick")
CAF_ADD_ATOM(turbofetch, tf::actors, xet_digest_atom, "xetdigest")
CAF_ADD_ATOM(turbofetch, tf::actors, plan_atom, "plan")
CAF_ADD_ATOM(turbofetch, tf::actors, drain_atom, "drain")
CAF_ADD_ATOM(turbofetch, tf::actors, digest_atom, "digest")
CAF_ADD_ATOM(turbofetch, tf::actors, stop_atom, "stop")
CAF_ADD_ATOM(turbofetch, tf::actors, retry_atom, "retry")
CAF_ADD_ATOM(turbofetch, tf::actors, run_atom, "run")
CAF_END_TYPE_ID_BLOCK(turbofetch)

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::write_block)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::bytes_written)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::job_error)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::hash_chunk)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::chunk_hashed)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::probe_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::fetch_range)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::transfer_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::range_finished)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::range_failed)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::range_restart)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::retry_scheduled)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::worker_stopped)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::download_outcome)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::xorb_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::copy_done)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::copy_unit)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::xet_plan)
