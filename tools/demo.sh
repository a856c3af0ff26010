#!/usr/bin/env bash
# The turbofetch demo: installs what is missing, builds, starts the stand-in hub (tf-hub) on
# 127.0.0.1 with a generated multi-GB model repo, and pulls it into a fresh huggingface_hub
# cache with `turbofetch download` (progress display, then a summary). A second pull of the
# complete snapshot follows, to show that it costs one metadata request.
#   tools/demo.sh                 a 3 GiB repo (two 1.5 GiB safetensors shards and configs)
#   tools/demo.sh --shard 512M    smaller shards
#   tools/demo.sh --keep          keep the generated repo and the cache afterwards
# Everything lives under $TF_DEMO_DIR (default: /tmp/turbofetch-demo) and stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

shard=1536M
keep=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --shard) shard=$2; shift ;;
    --keep) keep=1 ;;
    -h|--help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

tools/install-deps.sh
echo "== building (first time: a few minutes)"
cmake -S "$root" -B build -DTF_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)" --target turbofetch tf-hub >/dev/null

demo=${TF_DEMO_DIR:-/tmp/turbofetch-demo}
repo=demo/llama-sim-3b
data=$demo/hub-data
cache=$demo/cache
mkdir -p "$demo"

# The hub's copy plus the cache's: twice the repo, and some room.
need_kib=$(( $(numfmt --from=iec "$shard") * 2 * 2 / 1024 + 1024 * 1024 ))
free_kib=$(df -Pk "$demo" | awk 'NR==2 {print $4}')
if [[ ! -f "$data/manifest.json" ]] && (( free_kib < need_kib )); then
  echo "demo: $demo has $((free_kib / 1024)) MiB free, needs about $((need_kib / 1024)) MiB;" \
       "try --shard 256M or TF_DEMO_DIR=/another/disk" >&2
  exit 1
fi

stamp="$data/.generated-$shard"
if [[ ! -f "$stamp" ]]; then
  echo "== generating $repo on the stand-in hub (shards of $shard)"
  rm -rf "$data"
  build/tools/hub/tf-hub generate --data "$data" --repo "$repo" \
    --file "model-00001-of-00002.safetensors=$shard" \
    --file "model-00002-of-00002.safetensors=$shard" \
    --file "tokenizer.json=7M" --file "generation_config.json=1K" \
    --file "special_tokens_map.json=1K" --seed 42 >/dev/null
  touch "$stamp"
fi

ports=$demo/ports.json
rm -f "$ports"
build/tools/hub/tf-hub serve --data "$data" --port-file "$ports" >"$demo/hub.log" 2>&1 &
hub_pid=$!
cleanup() {
  kill "$hub_pid" 2>/dev/null || true
  wait "$hub_pid" 2>/dev/null || true
  [[ $keep -eq 1 ]] || rm -rf "$cache"
}
trap cleanup EXIT
for _ in $(seq 1 200); do [[ -s "$ports" ]] && break; sleep 0.05; done
[[ -s "$ports" ]] || { echo "demo: tf-hub did not start:" >&2; cat "$demo/hub.log" >&2; exit 1; }
hub_url=$(sed -E 's/.*"hub":"([^"]+)".*/\1/' "$ports")

export HF_ENDPOINT=$hub_url HF_HUB_CACHE=$cache
unset HF_TOKEN HUGGING_FACE_HUB_TOKEN HF_HUB_OFFLINE
rm -rf "$cache"
echo "== turbofetch download $repo   (HF_ENDPOINT=$hub_url, HF_HUB_CACHE=$cache)"
snapshot=$(build/tools/cli/turbofetch download "$repo")
echo
echo "== the snapshot, as huggingface_hub lays it out"
ls -l "$snapshot"
echo
echo "== a second pull of the complete snapshot (one metadata request, no data)"
start=$(date +%s.%N)
build/tools/cli/turbofetch download "$repo" --quiet >/dev/null
echo "took $(echo "$(date +%s.%N) - $start" | bc) s"
echo
echo "Snapshot folder: $snapshot"
[[ $keep -eq 1 ]] && echo "Kept: $data (the hub's repo) and $cache (the cache)"
exit 0
