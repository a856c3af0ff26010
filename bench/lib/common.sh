# Shared helpers of bench/compare.sh: logging, the clean-up registry, numbers.
# Sourced, not run.

log() { printf '[compare %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# --- clean-up: everything started or created is registered here and undone on exit -----------
cleanup_pids=()
cleanup_netns=()
cleanup_dirs=()

register_pid() { cleanup_pids+=("$1"); }
register_netns() { cleanup_netns+=("$1"); }
register_dir() { cleanup_dirs+=("$1"); }

# Stops one registered process (TERM, then KILL after 5 s) and forgets it.
stop_pid() {
  local pid=$1 i
  kill "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local kept=() p
  for p in "${cleanup_pids[@]+"${cleanup_pids[@]}"}"; do [[ $p == "$pid" ]] || kept+=("$p"); done
  cleanup_pids=("${kept[@]+"${kept[@]}"}")
}

delete_netns() {
  local ns=$1 kept=() n
  ip netns del "$ns" 2>/dev/null || true
  for n in "${cleanup_netns[@]+"${cleanup_netns[@]}"}"; do [[ $n == "$ns" ]] || kept+=("$n"); done
  cleanup_netns=("${kept[@]+"${kept[@]}"}")
}

cleanup_all() {
  local pid ns dir
  for pid in "${cleanup_pids[@]+"${cleanup_pids[@]}"}"; do stop_pid "$pid"; done
  for ns in "${cleanup_netns[@]+"${cleanup_netns[@]}"}"; do ip netns del "$ns" 2>/dev/null || true; done
  for dir in "${cleanup_dirs[@]+"${cleanup_dirs[@]}"}"; do rm -rf "$dir"; done
}

# --- numbers -----------------------------------------------------------------------------------
# Median of the numbers on stdin (one a line); empty input prints nothing.
median() {
  sort -g | awk '{v[NR] = $1} END {if (NR) print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}

to_bytes() { numfmt --from=iec "${1^^}"; }
human_bytes() { numfmt --to=iec-i --suffix=B "$1"; }

# Waits (bounded: ~10 s) until a command succeeds.
wait_for() {
  local i
  for ((i = 0; i < 200; i++)); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.05
  done
  return 1
}
