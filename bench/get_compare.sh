#!/usr/bin/env bash
# Times `turbofetch get` against `curl -o` and `aria2c -x16 -s16` on one file served by nginx on
# 127.0.0.1, in the same run, twice: with no limit, and with nginx capping each connection
# (limit_rate, like a CDN's per-connection cap). Every result is checked (SHA-256); a wrong
# file is a failure, not a figure. Prints median MB/s per tool and turbofetch's ratio to the
# best peer, and the machine's limit measured in the same run (curl to /dev/null).
#
#   bench/get_compare.sh [--size 2G] [--cap-size 512M] [--cap-rate 16m] [--reps 3] [--out DIR]
# Defaults write downloads to /dev/shm when it has room (disk writeback on a shared VM is
# noise, not the tools), else to the build folder.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

size=2G; cap_size=512M; cap_rate=16m; reps=3; out=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --size) size=$2; shift ;;
    --cap-size) cap_size=$2; shift ;;
    --cap-rate) cap_rate=$2; shift ;;
    --reps) reps=$2; shift ;;
    --out) out=$2; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

tools/install-deps.sh
cmake -S . -B build -DTF_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)" --target turbofetch >/dev/null
tf="$root/build/tools/cli/turbofetch"

work="$root/build/bench-work"
mkdir -p "$work/www"
to_bytes() { numfmt --from=iec "${1^^}"; }
if [[ -z "$out" ]]; then
  need=$(( $(to_bytes "$size") * 2 ))
  if [[ $(df --output=avail -B1 /dev/shm | tail -1) -gt $need ]]; then out=/dev/shm/turbofetch-bench; else out="$work/out"; fi
fi
mkdir -p "$out"

# Test files: random bytes (so nothing compresses), made once and reused.
make_file() {
  local path=$1 bytes
  bytes=$(to_bytes "$2")
  if [[ ! -f "$path" || $(stat -c %s "$path") -ne $bytes ]]; then
    echo "creating $path ($2)" >&2
    head -c "$bytes" /dev/urandom >"$path"
  fi
}
make_file "$work/www/big.bin" "$size"
make_file "$work/www/capped.bin" "$cap_size"
declare -A sha
for f in big capped; do sha[$f]=$(openssl dgst -sha256 -r "$work/www/$f.bin" | cut -d' ' -f1); done

start_nginx() {  # start_nginx NAME PORT LIMIT_RATE
  local dir="$work/nginx-$1"
  mkdir -p "$dir"
  cat >"$dir/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1;
error_log $dir/error.log warn; pid $dir/nginx.pid;
events { worker_connections 4096; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $dir/cb; proxy_temp_path $dir/px; fastcgi_temp_path $dir/fc;
  uwsgi_temp_path $dir/uw; scgi_temp_path $dir/sc;
  server { listen 127.0.0.1:$2; root $work/www; limit_rate $3; } }
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  echo $! >"$dir/pid"
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$2/" && return 0; sleep 0.1; done
  echo "nginx did not start" >&2; exit 1
}
stop_all() { for d in "$work"/nginx-*; do [[ -f $d/pid ]] && kill "$(cat "$d/pid")" 2>/dev/null || true; done; rm -rf "$out"; }
trap stop_all EXIT
port_free=$((20000 + RANDOM % 20000)); port_cap=$((port_free + 1))
start_nginx free "$port_free" 0
start_nginx capped "$port_cap" "$cap_rate"

# run TOOL URL FILE_KEY -> prints seconds; fails if the result is wrong
run_tool() {
  local tool=$1 url=$2 key=$3 dest="$out/result.bin" t0 t1
  rm -f "$dest" "$dest".*
  t0=$(date +%s.%N)
  case "$tool" in
    turbofetch) "$tf" get "$url" -o "$dest" -q ;;
    turbofetch+sha256) "$tf" get "$url" -o "$dest" -q --sha256 "${sha[$key]}" ;;
    curl) curl -s -f -o "$dest" "$url" ;;
    aria2c) aria2c -q -x16 -s16 --allow-overwrite=true --file-allocation=none \
              --auto-file-renaming=false -d "$out" -o result.bin "$url" ;;
    machine-limit) curl -s -f -o /dev/null "$url"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; return ;;
  esac
  t1=$(date +%s.%N)
  local got
  got=$(openssl dgst -sha256 -r "$dest" | cut -d' ' -f1)
  if [[ "$got" != "${sha[$key]}" ]]; then echo "WRONG RESULT from $tool" >&2; exit 1; fi
  echo "$t1 - $t0" | bc -l
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

scenario() {  # scenario TITLE URL KEY BYTES REPS
  local title=$1 url=$2 key=$3 bytes=$4 n=$5
  local tools=(machine-limit curl aria2c turbofetch turbofetch+sha256)
  declare -A times
  for ((r = 1; r <= n; r++)); do
    for t in "${tools[@]}"; do times[$t]+="$(run_tool "$t" "$url" "$key") "; done
  done
  echo
  echo "### $title"
  echo
  echo "| tool | median s | MB/s | vs best peer |"
  echo "|---|---:|---:|---:|"
  declare -A rate
  local best_peer=0
  for t in "${tools[@]}"; do
    local m
    m=$(echo "${times[$t]}" | tr ' ' '\n' | grep . | median)
    rate[$t]=$(echo "$bytes / $m / 1000000" | bc -l)
    if [[ $t == curl || $t == aria2c ]] && (( $(echo "${rate[$t]} > $best_peer" | bc -l) )); then best_peer=${rate[$t]}; fi
    times[$t]=$m
  done
  for t in "${tools[@]}"; do
    printf "| %s | %.2f | %.0f | %.2fx |\n" "$t" "${times[$t]}" "${rate[$t]}" "$(echo "${rate[$t]} / $best_peer" | bc -l)"
  done
}

echo "## turbofetch get vs curl vs aria2c ($(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), downloads to $out)"
echo "machine-limit = curl to /dev/null from the same nginx (no disk), plus nothing else."
scenario "$size file, no limit ($reps runs each)" "http://127.0.0.1:$port_free/big.bin" big "$(to_bytes "$size")" "$reps"
scenario "$cap_size file, nginx limit_rate $cap_rate per connection (1 run each)" \
  "http://127.0.0.1:$port_cap/capped.bin" capped "$(to_bytes "$cap_size")" 1
