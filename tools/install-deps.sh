#!/usr/bin/env bash
# Installs the Debian packages turbofetch needs to build, test, demo and benchmark.
# Idempotent and quiet: when everything is present it prints nothing and touches nothing.
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang libclang-rt-14-dev  # compilers; clang for fuzzers
  libcaf-dev libcurl4-openssl-dev libssl-dev libxxhash-dev liblz4-dev libmimalloc-dev
  librust-blake3-dev nlohmann-json3-dev libcli11-dev libmicrohttpd-dev zlib1g-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  nginx-light curl aria2 git git-lfs nodejs npm iproute2 gnuplot-nox bc
  jq openssl  # bench/compare.sh: JSON, deterministic bytes for the update repo
)

missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
# node and npm may come from outside Debian's packages (a newer Node): accept them if present.
if command -v node >/dev/null && command -v npm >/dev/null; then
  filtered=()
  for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "turbofetch: installing missing Debian packages: ${missing[*]}" >&2
sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# Refresh the package lists only when an install fails with the cached ones.
if ! $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1; then
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts nginx on port 80 when it is installed; turbofetch runs its own instances.
if command -v systemctl >/dev/null && systemctl is-active --quiet nginx 2>/dev/null; then
  $sudo systemctl stop nginx || true
fi
