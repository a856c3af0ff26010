// The Supervisor of one Xet file (reference hub-protocol.md E6, E7 and 4.5). It speaks to the
// download like the plain Supervisor does (run_atom -> download_outcome, the same progress
// counters, connection budget, writer, hasher and resume journal), but its bytes come from
// xorb ranges instead of one URL:
//
//   plan:     a planner thread fetches the CAS reconstruction (token, v2 then v1) -> units,
//             one per xorb byte range (xet::plan_reassembly)
//   prepare:  the partial file and its journal; chunks the journal claims are re-checked
//   units:    a unit whose file bytes are all in checked chunks is done already (resume);
//             one whose chunks the chunk store holds is copied locally (delta); the others
//             are fetched, each holding one connection slot, retried with backoff
//   replan:   a 403 from the CDN means the signed xorb URLs expired (they live an hour on the
//             Hub): once the transfers in flight end, the CAS is asked again for the bytes
//             still missing, with fresh URLs (a few times at most without progress)
//   finish:   the hasher has SHA-256 and the Xet file hash of the whole file the moment the last
//             chunk is written; both must match before the file gets its final name. The
//             fetched chunks then go into the chunk store for the next revision.
//
// A failure or Ctrl-C waits for the transfers and the writer, brings the journal up to date and
// keeps the partial file: the next run (Xet or plain) resumes it.
#pragma once

#include <caf/all.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "actors/download_supervisor.hpp"
#include "actors/messages.hpp"
#include "engine/resume_journal.hpp"
#include "engine/write_coverage.hpp"
#include "engine/xet/cas_client.hpp"
#include "engine/xet/reassembly.hpp"

namespace tf::actors {

struct XetSupervisorState {
  using Clock = std::chrono::steady_clock;
  enum class Stage { planning, checking, downloading, replanning, stopping, finishing, done };
  enum class UnitState { waiting, fetching, copying, done };

  struct Unit {
    xet::PlannedFetch fetch;
    UnitState state = UnitState::waiting;
    int attempts = 0;  // consecutive failures
    io::TransferId transfer = 0;
    std::shared_ptr<XorbChunkLayout> layout;  // what a finished fetch decoded
  };

  SupervisorSetup setup;
  caf::response_promise reply;
  Stage stage = Stage::planning;

  std::shared_ptr<io::FileHandle> partial;
  std::optional<engine::JournalWriter> journal;
  std::optional<engine::WriteCoverage> coverage;
  caf::actor writer;
  caf::actor hasher;
  caf::actor copier;

  std::vector<Unit> units;       // of the current plan
  size_t plan_base = 0;          // the number of units of earlier plans (retry messages count
                                 // units across plans, so a retry of an earlier plan is ignored)
  std::vector<Unit> past_units;  // fetched units of earlier plans: their chunks are kept
  int replans_without_progress = 0;
  uint64_t covered_at_replan = 0;
  bool replan_drain_requested = false;
  std::deque<size_t> to_fetch;
  size_t fetching = 0;  // units with a transfer (each holds a budget slot)
  size_t copying = 0;
  std::map<uint64_t, uint64_t> claims;  // chunk -> xxh3 the journal recorded
  size_t hashes_pending = 0;
  int api_version = 2;
  std::mt19937_64 random{std::random_device{}()};

  // Stopping.
  ErrorKind error_kind = ErrorKind::internal;
  std::string error_message;
  bool drain_requested = false;
  bool writer_drained = false;

  Clock::time_point started;
  uint64_t connections_at_start = 0;
  engine::DownloadReport report;

  static inline const char* name = "xet_supervisor";
};

caf::behavior xet_supervisor(caf::stateful_actor<XetSupervisorState>* self, SupervisorSetup setup);

}  // namespace tf::actors
