#!/usr/bin/env bash
# The numbers users choose a downloader by, measured honestly on this machine, all on
# 127.0.0.0/8 (the slow link: in a network namespace this script creates and deletes).
#
#   bench/compare.sh [--quick] [--reps N] [--scenarios a,b,...] [--disk] [--out DIR]
#                    [--results DIR] [--name NAME] [--timeout S] [--update-readme]
#
# Sets everything up (builds turbofetch, tf-hub, tf-delay-proxy and tf-bench-measure; installs
# @huggingface/hub from tests/hub_npm; generates the repos once, kept in build/bench-work/data;
# starts the stand-in hub and nginx), runs every scenario with every peer N times (the order
# of the tools rotates from one repetition to the next), checks every downloaded byte
# (SHA-256 against the hub's manifest), and writes bench/results/compare-<quick|full>.md
# (the tables and the machine), .png (a chart, gnuplot) and .tsv (every run), and prints the
# tables; --name NAME writes compare-NAME.* instead. --update-readme also puts the tables into
# README.md, between the markers <!-- bench:NAME:begin --> and <!-- bench:NAME:end --> (NAME:
# quick or full unless given), so a run of some scenarios keeps the others' tables.
#
# Scenarios (ids for --scenarios):
#   single   one big file (full: 4 GiB, quick: 256 MiB)
#   capped   the same with a per-connection cap on the CDN, like a real CDN's
#   small    many small files (full: 1,000, quick: 200; 4 KiB each): metadata-bound
#   mixed    a model repo: a few multi-GB safetensors shards plus tokenizer and configs
#   xet-full    one Xet file (full: 2 GiB, quick: 96 MiB) by every peer: turbofetch over Xet
#               and over the LFS path (--no-xet), @huggingface/hub over Xet, the others by
#               /resolve/
#   xet-update  a delta update of a Xet file (full: 1 GiB, quick: 64 MiB) to a revision that
#               rewrote 10% of it: time and bytes over loopback, against a full pull
#   xet-update-slow  the same update over the slow link below (the link, not the disk, is
#               then the bottleneck, as for a user's update from the Hub)
#   slow     a link with 40 ms round trips (netem where the kernel has it, else tf-delay-proxy)
# Peers: curl (one stream), aria2c -x16 -s16, git clone + git lfs pull, @huggingface/hub
# snapshotDownload (Node), turbofetch download (n/a while it is not built), and turbofetch get
# where the scenario is one file. Limit probes: curl to /dev/null over the same URLs, 1 and 16
# streams (and from nginx in `single`).
#
# --quick finishes in under 3 minutes once built (smaller repos, 2 repetitions); the full run
# takes about an hour on 2 cores. Downloads go to /dev/shm (disk writeback on a shared VM is
# noise, not the tools) unless --disk or --out. Everything started is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source bench/lib/common.sh

mode=full
reps=""
only=""
out=""
results_dir="$root/bench/results"
update_readme=false
run_timeout=""
name=""
while [[ $# -gt 0 ]]; do
  case $1 in
    --quick) mode=quick ;;
    --reps) reps=$2; shift ;;
    --scenarios) only=$2; shift ;;
    --disk) out="$root/build/bench-work/out-$$" ;;
    --out) out=$2; shift ;;
    --results) results_dir=$2; shift ;;
    --timeout) run_timeout=$2; shift ;;
    --name) name=$2; shift ;;
    --update-readme) update_readme=true ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
  shift
done

# --- sizes -------------------------------------------------------------------------------------
if [[ $mode == quick ]]; then
  single_size=128M cap_rate=64M small_count=200 slow_big=24M slow_small=10
  xet_full_size=96M xet_update_size=64M
  mixed_files=(--file model-00001-of-00003.safetensors=48M --file model-00002-of-00003.safetensors=48M
    --file model-00003-of-00003.safetensors=32M)
  reps=${reps:-2} run_timeout=${run_timeout:-120}
else
  single_size=4G cap_rate=64M small_count=1000 slow_big=256M slow_small=40
  xet_full_size=2G xet_update_size=1G
  mixed_files=(--file model-00001-of-00003.safetensors=2G --file model-00002-of-00003.safetensors=2G
    --file model-00003-of-00003.safetensors=1G)
  reps=${reps:-3} run_timeout=${run_timeout:-1800}
fi
slow_rtt_ms=40 slow_window=1M slow_rate=100M
token=hf_turbofetch_bench_token

# --- setup -------------------------------------------------------------------------------------
load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
tools/install-deps.sh
log "building (cmake, build/)"
cmake -S . -B build -DTF_WERROR=ON >build/bench-cmake.log 2>&1 ||
  die "cmake failed: see build/bench-cmake.log"
cmake --build build -j "$(nproc)" --target turbofetch tf-hub tf-delay-proxy tf-bench-measure \
  >build/bench-build.log 2>&1 || die "build failed: see build/bench-build.log"
tf="$root/build/tools/cli/turbofetch"
tf_hub="$root/build/tools/hub/tf-hub"
tf_proxy="$root/build/bench/delay_proxy/tf-delay-proxy"
tf_measure="$root/build/bench/measure/tf-bench-measure"
npm_dir="$root/build/tests/hub_npm"
cmake -DNPM="$(command -v npm)" -DDIR="$npm_dir" -P tests/hub_npm/install.cmake >/dev/null ||
  die "npm install of @huggingface/hub failed"
cp bench/peers/hub_snapshot.mjs "$npm_dir/"  # beside its node_modules

data_root="$root/build/bench-work/data"
work="$root/build/bench-work/run-$$"
[[ -n $out ]] || out="/dev/shm/turbofetch-bench-$$"
git_home="$work/git-home"
sc_ns="" sc_bytes=0

source bench/lib/servers.sh
source bench/lib/repos.sh
source bench/lib/peers.sh
source bench/lib/measure.sh
source bench/lib/slow_link.sh
source bench/lib/report.sh

trap cleanup_all EXIT
trap 'exit 130' INT TERM
mkdir -p "$data_root" "$work" "$out" "$results_dir"
register_dir "$work"
register_dir "$out"
prepare_git_home
runs_tsv="$work/runs.tsv"
scenarios_tsv="$work/scenarios.tsv"
: >"$runs_tsv"
: >"$scenarios_tsv"

wanted() { [[ -z $only ]] || [[ ",$only," == *",$1,"* ]]; }
mib() { awk -v b="$1" 'BEGIN {printf "%.0f MiB", b / 1048576}'; }

# --- one scenario ------------------------------------------------------------------------------
# prepare_scenario ID DATA REPO: the files, URLs and expected hashes of the repo's main.
prepare_scenario() {
  sc_id=$1 sc_data=$2 sc_repo=$3 sc_ns=""
  sc_type=$(repo_type "$sc_data" "$sc_repo")
  sc_revision=main
  sc_commit=$(repo_commit "$sc_data" "$sc_repo" main)
  sc_files="$work/$sc_id.files"
  sc_expected="$work/$sc_id.sha256"
  sc_urls="$work/$sc_id.urls"
  repo_files "$sc_data" "$sc_repo" "$sc_commit" >"$sc_files"
  awk -F'\t' '{print $3 "  " $2}' "$sc_files" >"$sc_expected"
  sc_bytes=$(awk -F'\t' '{s += $1} END {printf "%d", s}' "$sc_files")
  sc_count=$(wc -l <"$sc_files")
  sc_cap_rule=""
  sc_traffic_copies=1
  log "$sc_id: $sc_repo, $sc_count files, $(mib "$sc_bytes"); warming the page cache"
  awk -F'\t' -v d="$sc_data/objects" '{print d "/" $3}' "$sc_files" | sort -u | xargs cat >/dev/null
}

# The URLs of the scenario's files, once the hub's address is known.
write_urls() {
  local prefix
  prefix=$(url_prefix "$sc_type")
  awk -F'\t' -v base="$hub_url/$prefix$sc_repo/resolve/$sc_revision" \
    '{print base "/" $2 "\t" $2 "\t" $1}' "$sc_files" >"$sc_urls"
}

# run_reps TOOL... [-- update]: every tool, $reps times, the order rotating each time.
run_reps() {
  local tools=() mode_arg="" t
  for t in "$@"; do
    [[ $t == --update ]] && { mode_arg=update; continue; }
    if [[ $t == tf-download* ]] && ! tf_download_available; then
      record_unavailable "$sc_id" "$t" "not built"
      continue
    fi
    tools+=("$t")
  done
  local rep i n=${#tools[@]} tool
  for ((rep = 1; rep <= reps; rep++)); do
    for ((i = 0; i < n; i++)); do
      tool=${tools[$(((i + rep - 1) % n))]}
      apply_cap "$tool"
      measure_tool "$tool" "$rep" "$mode_arg"
    done
    log "$sc_id: repetition $rep of $reps done"
  done
}

# In the capped scenario the CDN caps every connection, except for the limit probes, which
# measure what the machine gives without the cap.
apply_cap() {
  [[ -n $sc_cap_rule ]] || return 0
  if [[ $1 == limit* ]]; then
    hub_admin "$sc_ns" DELETE /_admin/faults
  else
    hub_admin "$sc_ns" POST /_admin/faults "$sc_cap_rule"
  fi
}

# add_scenario ID TITLE WHAT [traffic]: a table in the report ("traffic": with the bytes moved).
add_scenario() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "${4:-}" >>"$scenarios_tsv"; }

# --- the scenarios -----------------------------------------------------------------------------
scenario_single() {
  local data
  data=$(ensure_generated one-file --repo bench/one-file --file "model.safetensors=$single_size" --no-config-files)
  prepare_scenario single "$data" bench/one-file
  start_hub "$data" "" --page-size 1000
  start_nginx "$data/objects"
  write_urls
  run_reps limit1 limit16 limit-nginx curl aria2c git-lfs hubjs tf-get tf-download
  stop_nginx
  stop_hub
  add_scenario single "One $(mib "$sc_bytes") file, no limit" \
    "One LFS file (model.safetensors) of repo $sc_repo: /resolve/ redirects to the CDN listener. $reps runs per tool."
}

scenario_capped() {
  local data cap
  data=$(ensure_generated one-file --repo bench/one-file --file "model.safetensors=$single_size" --no-config-files)
  prepare_scenario capped "$data" bench/one-file
  start_hub "$data" "" --page-size 1000
  write_urls
  cap=$(to_bytes "$cap_rate")
  sc_cap_rule="{\"listener\": \"cdn\", \"rate_bytes_per_sec\": $cap}"
  run_reps limit1 limit16 curl aria2c git-lfs hubjs tf-get tf-download
  hub_admin "" DELETE /_admin/faults
  stop_hub
  add_scenario capped "The same file, the CDN capping each connection at $(mib "$cap")/s" \
    "Every CDN response is paced at $(mib "$cap")/s (tf-hub fault rule rate_bytes_per_sec), like a CDN's per-connection limit; the limit probes run without the cap. $reps runs per tool."
}

scenario_small() {
  local data
  data=$(ensure_generated small-files --repo bench/small-files --shape "${small_count}x4K" --no-config-files)
  prepare_scenario small "$data" bench/small-files
  start_hub "$data" "" --page-size 1000
  write_urls
  run_reps limit1 limit16 curl aria2c git-lfs hubjs tf-download
  stop_hub
  add_scenario small "$sc_count small files (4 KiB)" \
    "Regular (non-LFS) files served by the hub itself: per-request cost dominates. curl and aria2c get the list of URLs for free (not timed); the snapshot tools list the repo themselves. $reps runs per tool."
}

scenario_mixed() {
  local data
  data=$(ensure_generated mixed-model --repo bench/mixed-model "${mixed_files[@]}" \
    --file tokenizer.json=7M --file tokenizer_config.json=4K --file generation_config.json=1K \
    --file special_tokens_map.json=1K --file model.safetensors.index.json=40K)
  prepare_scenario mixed "$data" bench/mixed-model
  start_hub "$data" "" --page-size 1000
  write_urls
  run_reps limit1 limit16 curl aria2c git-lfs hubjs tf-download
  stop_hub
  add_scenario mixed "A model repo: $(mib "$sc_bytes") in $sc_count files" \
    "Three safetensors shards (LFS, through the CDN) plus tokenizer and config files (regular, from the hub). $reps runs per tool."
}

# Whether tf-hub serves Xet (the xet-fileinfo answer of /resolve/), asked of a tiny repo.
xet_served() {
  local data headers
  data=$(ensure_generated xet-probe --repo bench/xet-probe --file model.safetensors=64K --xet --no-config-files)
  start_hub "$data" ""
  headers=$(curl -s -o /dev/null -D - -H 'Accept: application/vnd.xet-fileinfo+json, */*' \
    -H 'Range: bytes=0-0' "$hub_url/bench/xet-probe/resolve/main/model.safetensors" || true)
  stop_hub
  grep -qi '^x-xet-hash:' <<<"$headers" && grep -qi 'xet-reconstruction-info' <<<"$headers"
}

scenario_xet() {  # scenario_xet full|update|update-slow
  local kind=$1 id="xet-$1" data tools=(curl aria2c git-lfs hubjs tf-download tf-download-lfs)
  if ! xet_served; then
    local tool
    for tool in "${tools[@]}"; do record_unavailable "$id" "$tool" "Xet not available"; done
    add_scenario "$id" "Xet $kind: n/a" \
      "tf-hub does not serve Xet (no X-Xet-Hash in its xet-fileinfo answer): nothing measured."
    return
  fi
  if [[ $kind == full ]]; then
    data=$(ensure_generated xet-model --repo bench/xet-model --file "model.safetensors=$xet_full_size" --xet)
    prepare_scenario "$id" "$data" bench/xet-model
    warm_xorbs "$data"
    start_hub "$data" "" --page-size 1000
    write_urls
    run_reps limit1 limit16 "${tools[@]}"
    add_scenario "$id" "Xet full pull: $(mib "$sc_bytes")" \
      "One file stored in Xet. turbofetch download and @huggingface/hub reconstruct it from xorbs (token, reconstruction, signed xorb ranges); turbofetch download --no-xet, curl, aria2c and git-lfs get the same bytes by /resolve/ from the CDN listener (the LFS path). The limit probes read the /resolve/ bytes. $reps runs per tool." \
      traffic
  else
    local percent=10 link="on loopback"
    data=$(ensure_update_repo xet-update bench/xet-update "$xet_update_size" "$percent" --xet)
    prepare_scenario "$id" "$data" bench/xet-update
    warm_xorbs "$data"
    sc_base_revision=v1
    if [[ $kind == update-slow ]]; then
      [[ $(id -u) -eq 0 ]] || die "xet-update-slow needs root for a network namespace"
      setup_slow_link "$data" "$slow_rtt_ms" "$slow_window" "$slow_rate"
      # Behind tf-delay-proxy every byte crosses loopback twice: tool-proxy and proxy-server.
      [[ $link_kind == netem ]] || sc_traffic_copies=2
      link="over the slow link ($slow_rtt_ms ms round trips, $slow_rate/s shared; $link_kind)"
    else
      start_hub "$data" "" --page-size 1000
    fi
    # curl and aria2c: the base revision's files first (untimed), then the changed ones.
    local base_commit prefix
    base_commit=$(repo_commit "$data" bench/xet-update v1)
    prefix=$(url_prefix "$sc_type")
    repo_files "$data" bench/xet-update "$base_commit" |
      awk -F'\t' -v base="$hub_url/${prefix}bench/xet-update/resolve/$base_commit" \
        '{print base "/" $2 "\t" $2 "\t" $1}' >"$work/base.urls"
    sc_base_urls="$work/base.urls"
    repo_files "$data" bench/xet-update "$base_commit" | cut -f2,3 | sort >"$work/base.files"
    cut -f2,3 "$sc_files" | sort >"$work/new.files"
    comm -13 "$work/base.files" "$work/new.files" | cut -f1 >"$work/changed.paths"
    awk -F'\t' -v base="$hub_url/${prefix}bench/xet-update/resolve/main" \
      'NR == FNR {changed[$1] = 1; next} ($2 in changed) {print base "/" $2 "\t" $2 "\t" $1}' \
      "$work/changed.paths" "$sc_files" >"$sc_urls"
    run_reps --update "${tools[@]}" tf-download-cold
    add_scenario "$id" "Xet delta update $link: v1 to main, $(mib "$sc_bytes"), $percent% of the file rewritten" \
      "Each tool first has the v1 revision (untimed; for turbofetch download that includes its Xet chunk store), then updates to main, where one stretch of $percent% of model.safetensors was rewritten. MB/s is the new revision's size over the update's time; MiB over loopback is what the update moved (responses, requests and headers). curl and aria2c fetch only the changed files. \"turbofetch download, nothing cached\" is the full pull of main into an empty cache, the reference for the update's time and bytes. $reps runs per tool." \
      traffic
  fi
  if [[ $kind == update-slow ]]; then teardown_slow_link; else stop_hub; fi
}

# warm_xorbs DATA: reads the hub's xorbs into the page cache, as prepare_scenario does for the
# plain objects, so the first Xet run does not pay for the disk.
warm_xorbs() { find "$1/xorbs" -type f -exec cat {} + >/dev/null; }

scenario_slow() {
  local data
  if [[ $(id -u) -ne 0 ]]; then
    local tool
    for tool in limit1 limit16 curl aria2c git-lfs hubjs tf-download; do
      record_unavailable slow "$tool" "needs root for a network namespace"
    done
    add_scenario slow "Slow link: n/a" "Not run: creating a network namespace needs root."
    return
  fi
  data=$(ensure_generated slow-link --repo bench/slow-link --file "model.safetensors=$slow_big" \
    --file "extra.safetensors=$(($(to_bytes "$slow_big") / 16 / 1024))K" --shape "${slow_small}x16K:configs")
  prepare_scenario slow "$data" bench/slow-link
  setup_slow_link "$data" "$slow_rtt_ms" "$slow_window" "$slow_rate"
  write_urls
  read -r fresh reused < <(measure_link_latency)
  run_reps limit1 limit16 curl aria2c git-lfs hubjs tf-download
  local window_rate
  window_rate=$(awk -v w="$(to_bytes "$slow_window")" -v r="$slow_rtt_ms" 'BEGIN {printf "%.1f", w / (r / 1000) / 1e6}')
  add_scenario slow "Slow link: $slow_rtt_ms ms round trips, $(mib "$sc_bytes") in $sc_count files" \
    "Link: $link_kind; round trip $slow_rtt_ms ms, window $slow_window per connection (at most $window_rate MB/s each), $slow_rate/s shared per direction; all in network namespace $sc_ns. Measured in this run: a new connection's time to first byte $fresh ms (a handshake and a request: 2 round trips), a kept-alive connection's $reused ms (1 round trip). $reps runs per tool."
  teardown_slow_link
}

# --- run ---------------------------------------------------------------------------------------
log "$mode run: $reps repetitions, downloads in $out, results in $results_dir"
wanted single && scenario_single
wanted capped && scenario_capped
wanted small && scenario_small
wanted mixed && scenario_mixed
wanted xet-full && scenario_xet full
wanted xet-update && scenario_xet update
wanted xet-update-slow && scenario_xet update-slow
wanted slow && scenario_slow

name=${name:-$mode}
md="$results_dir/compare-$name.md"
png="$results_dir/compare-$name.png"
write_report "$md" "$png"
cp "$runs_tsv" "$results_dir/compare-$name.tsv"
if $update_readme; then
  # README.md keeps the latest tables of each NAME between its two markers.
  begin="<!-- bench:$name:begin -->" end="<!-- bench:$name:end -->"
  if ! grep -qF "$begin" README.md || ! grep -qF "$end" README.md; then
    die "README.md has no $begin ... $end markers: add them where the tables belong"
  fi
  awk -v file="$md" -v begin="$begin" -v end="$end" '
    $0 == begin {print; while ((getline line < file) > 0) print line; skip = 1; next}
    $0 == end {skip = 0}
    !skip' README.md >"$work/README.md"
  cp "$work/README.md" README.md
fi
cat "$md"
log "wrote $md, $png and compare-$name.tsv"
