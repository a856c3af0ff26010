# The repos bench/compare.sh downloads: generated once by tf-hub (deterministic: the same
# arguments give the same bytes and commit ids) into a data folder kept between runs, keyed
# by the arguments. Sourced, not run. Needs: $tf_hub, $data_root.

# ensure_generated NAME ARGS...: a data folder holding `tf-hub generate ARGS`; prints its path.
ensure_generated() {
  local name=$1
  shift
  local key data
  key=$(printf '%s\n' "$@" | sha1sum | cut -c1-10)
  data="$data_root/$name-$key"
  if [[ ! -f $data/.complete ]]; then
    rm -rf "$data"
    log "generating $name: tf-hub generate $*"
    "$tf_hub" generate --data "$data" "$@" >/dev/null || die "tf-hub generate failed for $name"
    touch "$data/.complete"
  fi
  printf '%s\n' "$data"
}

# ensure_update_repo NAME REPO SIZE PERCENT [--xet]: two commits of one big file, tagged v1 and
# main, the second with a stretch of PERCENT% in the middle rewritten; plus a config.json that
# changes, a README.md and the .gitattributes the Hub writes into every repo (without it, git
# would take the pulled LFS files for local changes and refuse to check out the update).
# Deterministic bytes: AES-CTR of zeros. Prints the data folder.
ensure_update_repo() {
  local name=$1 repo=$2 size=$3 percent=$4
  shift 4
  local key data bytes patch offset folder
  key=$(printf '%s\n' update2 "$repo" "$size" "$percent" "$@" | sha1sum | cut -c1-10)
  data="$data_root/$name-$key"
  if [[ ! -f $data/.complete ]]; then
    rm -rf "$data"
    log "generating $name: $size file, then the same with $percent% rewritten"
    bytes=$(to_bytes "$size")
    patch=$((bytes * percent / 100))
    offset=$(((bytes - patch) / 2))
    folder="$data_root/.$name-folder"
    rm -rf "$folder"
    mkdir -p "$folder"
    printf '*.safetensors filter=lfs diff=lfs merge=lfs -text\n' >"$folder/.gitattributes"
    printf '# %s\n\nA model whose weights change between v1 and main.\n' "$repo" >"$folder/README.md"
    printf '{"version": 1}\n' >"$folder/config.json"
    aes_bytes 00112233445566778899aabbccddeeff "$bytes" >"$folder/model.safetensors"
    "$tf_hub" add-folder --data "$data" --repo "$repo" --from "$folder" --tag v1 --title v1 "$@" \
      >/dev/null || die "tf-hub add-folder failed for $name (v1)"
    printf '{"version": 2}\n' >"$folder/config.json"
    aes_bytes ffeeddccbbaa99887766554433221100 "$patch" |
      dd of="$folder/model.safetensors" bs=1M seek="$offset" oflag=seek_bytes conv=notrunc \
        status=none
    "$tf_hub" add-folder --data "$data" --repo "$repo" --from "$folder" --title v2 "$@" \
      >/dev/null || die "tf-hub add-folder failed for $name (v2)"
    rm -rf "$folder"
    touch "$data/.complete"
  fi
  printf '%s\n' "$data"
}

# aes_bytes KEY COUNT: COUNT deterministic pseudo-random bytes (AES-128-CTR of zeros).
aes_bytes() { head -c "$2" /dev/zero | openssl enc -aes-128-ctr -K "$1" -iv "$(printf "%032d" 0)" -nosalt; }

# repo_commit DATA REPO REF: the commit a branch or tag points to.
repo_commit() {
  jq -r --arg id "$2" --arg ref "$3" \
    '.repos[] | select(.id == $id) | (.branches[$ref] // .tags[$ref])' "$1/manifest.json"
}

# repo_files DATA REPO COMMIT: "size<TAB>path<TAB>sha256<TAB>kind" per file.
repo_files() {
  jq -r --arg id "$2" --arg c "$3" \
    '.repos[] | select(.id == $id) | .commits[] | select(.sha == $c) | .files[] |
     "\(.size)\t\(.path)\t\(.sha256)\t\(.kind)"' "$1/manifest.json"
}

# repo_type DATA REPO: model, dataset or space.
repo_type() { jq -r --arg id "$2" '.repos[] | select(.id == $id) | .type' "$1/manifest.json"; }

# url_prefix TYPE: what comes before org/name in /resolve/ and git URLs.
url_prefix() {
  case $1 in model) printf '' ;; dataset) printf 'datasets/' ;; space) printf 'spaces/' ;; esac
}
