# One measured run of one tool in one scenario: the command under tf-bench-measure (wall time
# on the monotonic clock, CPU user+sys and peak RSS from wait4), then the check of every byte
# it wrote (SHA-256 of every file against the hub's manifest). A wrong or missing file makes
# the run a failure, never a figure. Sourced, not run. Needs: $tf_measure, $work, $out,
# $runs_tsv, $run_timeout, and the scenario's sc_* (see peers.sh), sc_id, sc_expected.

# record SCENARIO TOOL REP WALL USER SYS RSS STATUS [TRAFFIC]: one line of runs.tsv (the
# scenario's size goes in column 9, the bytes the run moved over loopback in column 10).
record() {
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "${@:1:8}" "$sc_bytes" "${9:-}" >>"$runs_tsv"
}

# The bytes sent over loopback in the scenario's network namespace so far. Every byte of a run
# crosses it once (servers and tools are all on 127.0.0.0/8), so the difference around a run
# is what the tool fetched, plus its requests and TCP/IP headers (under 0.1% with lo's 64 KiB
# MTU). Nothing else runs in the namespace during a bench run. A scenario whose bytes cross
# loopback more than once (through tf-delay-proxy) sets sc_traffic_copies.
loopback_bytes() { in_ns "$sc_ns" cat /sys/class/net/lo/statistics/tx_bytes; }

# verify_tree ROOT: every expected file under ROOT has its SHA-256. Prints what failed.
verify_tree() {
  local root=$1
  local report
  [[ -d $root ]] || { echo "no folder $root"; return 1; }
  report=$(cd "$root" && sha256sum --quiet --strict -c "$sc_expected" 2>&1) && return 0
  head -n 5 <<<"$report"
  return 1
}

# verify_probe STDOUT: the probe received exactly the scenario's bytes.
verify_probe() {
  local got
  got=$(awk '{s += $1} END {printf "%d", s}' "$1")
  [[ $got == "$sc_bytes" ]] || { echo "received $got bytes of $sc_bytes"; return 1; }
}

# measure_tool TOOL REP [update]: runs, checks, records.
measure_tool() {
  local tool=$1 rep=$2 mode=${3:-}
  local dest="$out/$tool"
  rm -rf "$dest"
  mkdir -p "$dest"
  if [[ $mode == update ]] && ! peer_prepare_update "$tool" "$dest" >"$work/prepare.log" 2>&1; then
    record "$sc_id" "$tool" "$rep" "" "" "" "" "failed: base revision: $(tail -c 200 "$work/prepare.log" | tr '\t\n' '  ')"
    rm -rf "$dest"
    return
  fi
  if [[ $mode == update ]]; then peer_update_command "$tool" "$dest"; else peer_command "$tool" "$dest"; fi
  local measurement="$work/measurement.json" stdout="$work/stdout.log" stderr="$work/stderr.log"
  rm -f "$measurement"
  local lo_before lo_after
  lo_before=$(loopback_bytes)
  in_ns "$sc_ns" "$tf_measure" --out "$measurement" --timeout "$run_timeout" -- "${cmd[@]}" \
    >"$stdout" 2>"$stderr" </dev/null || true
  lo_after=$(loopback_bytes)
  local wall user sys rss status="ok" why
  if [[ ! -s $measurement ]]; then
    status="failed: not measured"
  else
    read -r wall user sys rss < <(jq -r '[.wall_s, .user_s, .sys_s, .max_rss_kib] | @tsv' "$measurement")
    if [[ $(jq -r .timed_out "$measurement") == true ]]; then
      status="failed: timed out after ${run_timeout}s"
    elif [[ $(jq -r .exit_code "$measurement") != 0 ]]; then
      status="failed: exit $(jq -r '.exit_code, .signal' "$measurement" | paste -sd/): $(tail -c 300 "$stderr" | tr '\t\n' '  ')"
    else
      local root="$dest"
      case $result in
        git) root="$dest/repo" ;;
        last-line) root=$(tail -n 1 "$stdout") ;;
      esac
      if [[ $result == probe ]]; then
        why=$(verify_probe "$stdout") || status="failed: $why"
      else
        why=$(verify_tree "$root" | tr '\t\n' '  ') || status="failed: wrong bytes: $why"
      fi
    fi
  fi
  record "$sc_id" "$tool" "$rep" "${wall:-}" "${user:-}" "${sys:-}" "${rss:-}" "$status" \
    "$(((lo_after - lo_before) / ${sc_traffic_copies:-1}))"
  [[ $status == ok ]] || log "$sc_id / $tool run $rep: $status"
  rm -rf "$dest"
}

# A row that was not run, with the reason (turbofetch download not built, Xet not served).
record_unavailable() {  # record_unavailable SCENARIO TOOL WHY
  record "$1" "$2" "-" "" "" "" "" "n/a ($3)"
}
