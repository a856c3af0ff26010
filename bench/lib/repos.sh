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

# ensure_update_repo NAME REPO SIZE [--xet]: two commits of one big file, the second with a
# 1% stretch in the middle rewritten (deterministic bytes: AES-CTR of zeros), tagged v1 and
# main; plus a config.json that changes. Prints the data folder.
ensure_update_repo() {
  local name=$1 repo=$2 size=$3
  shift 3
  local key data bytes patch offset v1_sha folder
  key=$(printf '%s\n' update "$repo" "$size" "$@" | sha1sum | cut -c1-10)
  data="$data_root/$name-$key"
  if [[ ! -f $data/.complete ]]; then
    rm -rf "$data"
    log "generating $name: $size file, then the same with 1% rewritten"
    "$tf_hub" generate --data "$data" --repo "$repo" --file "model.safetensors=$size" \
      --tag v1 --title v1 "$@" >/dev/null || die "tf-hub generate failed for $name"
    bytes=$(to_bytes "$size")
    patch=$((bytes / 100))
    offset=$((bytes / 2))
    v1_sha=$(repo_files "$data" "$repo" "$(repo_commit "$data" "$repo" v1)" |
      awk -F'\t' '$2 == "model.safetensors" {print $3}')
    folder="$data/.v2"
    mkdir -p "$folder"
    cp "$data/objects/$v1_sha" "$folder/model.safetensors"
    chmod 644 "$folder/model.safetensors"
    openssl enc -aes-128-ctr -K 00112233445566778899aabbccddeeff -iv 0 -nosalt \
      </dev/zero 2>/dev/null | head -c "$patch" |
      dd of="$folder/model.safetensors" bs=1M seek="$offset" oflag=seek_bytes conv=notrunc \
        status=none
    printf '{"version": 2}\n' >"$folder/config.json"
    cp "$data/objects/$(repo_files "$data" "$repo" "$(repo_commit "$data" "$repo" v1)" |
      awk -F'\t' '$2 == "README.md" {print $3}')" "$folder/README.md"
    "$tf_hub" add-folder --data "$data" --repo "$repo" --from "$folder" --title v2 "$@" \
      >/dev/null || die "tf-hub add-folder failed for $name"
    rm -rf "$folder"
    touch "$data/.complete"
  fi
  printf '%s\n' "$data"
}

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
