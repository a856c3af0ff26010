#!/usr/bin/env bash
# Throughput of the stand-in hub's CDN listener against nginx serving the same file: one
# `curl -o /dev/null` of one object per run, page cache warm, both on 127.0.0.0/8.
#   bench/hub_cdn_vs_nginx.sh [BUILD_DIR] [SIZE] [RUNS]     defaults: build 2G 5
# Prints each run and the medians in MB/s, and tf-hub's median as a fraction of nginx's.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
size=${2:-2G}
runs=${3:-5}
tf_hub="$build/tools/hub/tf-hub"
[[ -x "$tf_hub" ]] || { echo "no $tf_hub: build first" >&2; exit 1; }
command -v nginx >/dev/null || { echo "nginx is not installed" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/tf-hub-bench-XXXXXX")
chmod 755 "$work"  # nginx workers run as an unprivileged user when started as root
pids=()
cleanup() {
  for pid in "${pids[@]+"${pids[@]}"}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$tf_hub" generate --data "$work/data" --repo bench/cdn --file "model.safetensors=$size" \
  --no-config-files >/dev/null
object=$(ls "$work/data/objects" | head -n 1)

# nginx on a free loopback port, in the foreground of its own process.
port=""
for _ in $(seq 50); do
  candidate=$((20000 + RANDOM % 40000))
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "no free port found" >&2; exit 1; }
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  server {
    listen 127.0.0.1:$port;
    location /cdn/ { alias $work/data/objects/; }
  }
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" &
pids+=($!)
"$tf_hub" serve --data "$work/data" --port-file "$work/ports.json" >/dev/null &
pids+=($!)
for _ in $(seq 100); do
  [[ -f "$work/ports.json" ]] && curl -s -o /dev/null "http://127.0.0.1:$port/" && break
  sleep 0.05
done
cdn=$(sed -E 's/.*"cdn":"([^"]+)".*/\1/' "$work/ports.json")
cat "$work/data/objects/$object" >/dev/null  # warm the page cache

speed() { curl -sf --noproxy '*' -o /dev/null -w '%{speed_download}' "$1"; }
median() { sort -n | awk '{v[NR]=$1} END {print (NR%2) ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2}'; }
nginx_runs=()
hub_runs=()
for i in $(seq "$runs"); do
  n=$(speed "http://127.0.0.1:$port/cdn/$object")
  h=$(speed "$cdn/cdn/$object")
  nginx_runs+=("$n")
  hub_runs+=("$h")
  awk -v i="$i" -v n="$n" -v h="$h" \
    'BEGIN { printf "run %d: nginx %7.0f MB/s   tf-hub %7.0f MB/s\n", i, n / 1e6, h / 1e6 }'
done
n=$(printf '%s\n' "${nginx_runs[@]}" | median)
h=$(printf '%s\n' "${hub_runs[@]}" | median)
awk -v runs="$runs" -v size="$size" -v n="$n" -v h="$h" 'BEGIN {
  printf "median of %d runs of %s: nginx %.0f MB/s, tf-hub %.0f MB/s, tf-hub/nginx = %.2f\n",
         runs, size, n / 1e6, h / 1e6, h / n }'
