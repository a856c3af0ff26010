# The downloaders bench/compare.sh compares, each as its users run it, and the limit probes.
# Sourced, not run. A scenario sets: sc_ns, sc_repo, sc_type, sc_commit, sc_revision,
# sc_urls (a file of "url<TAB>path<TAB>size" lines), sc_bytes; and, for an update scenario,
# sc_base_revision. Needs: $tf, $npm_dir, $git_home, $token, $hub_url, $work.

# Display names, in table order.
declare -A tool_title=(
  [limit1]="limit: curl x1 -> /dev/null"
  [limit16]="limit: curl x16 -> /dev/null"
  [limit-nginx]="limit: curl x1 -> /dev/null, nginx"
  [curl]="curl (one stream)"
  [aria2c]="aria2c -x16 -s16"
  [git-lfs]="git clone + git lfs pull"
  [hubjs]="@huggingface/hub snapshotDownload"
  [tf-get]="turbofetch get"
  [tf-download]="turbofetch download"
  [tf-download-lfs]="turbofetch download --no-xet"
  [tf-download-cold]="turbofetch download, nothing cached"
)
all_tools=(limit1 limit16 limit-nginx curl aria2c git-lfs hubjs tf-get tf-download tf-download-lfs
  tf-download-cold)

# Whether `turbofetch download` exists in this build (it is being written in parallel).
tf_download_available() { "$tf" download --help >/dev/null 2>&1; }

# tf_download_command TOOL DEST REVISION: sets `tf_cmd`, a `turbofetch download` into DEST. The
# Xet chunk store lives under DEST too, so no run reuses chunks an earlier run fetched (in the
# update scenario, the untimed base pull fills it, as a user's earlier pull would).
tf_download_command() {
  local tool=$1 dest=$2 revision=$3
  tf_cmd=(env "HF_ENDPOINT=$hub_url" "HF_TOKEN=$token" "HF_XET_CACHE=$dest/xet" "$tf" download
    "$sc_repo" --repo-type "$sc_type" --revision "$revision" --cache-dir "$dest/cache" --quiet)
  [[ $tool != tf-download-lfs ]] || tf_cmd+=(--no-xet)
}

git_env=(env "HOME=$git_home" GIT_CONFIG_NOSYSTEM=1 GIT_TERMINAL_PROMPT=0 GIT_ASKPASS= SSH_ASKPASS=)

# A throw-away HOME in which git-lfs is installed (its filters in ~/.gitconfig), nothing else.
prepare_git_home() {
  mkdir -p "$git_home"
  "${git_env[@]}" git lfs install --skip-repo >/dev/null
}

repo_url() { printf '%s/%s%s' "$hub_url" "$(url_prefix "$sc_type")" "$sc_repo"; }

# curl's config for every file of the scenario, one after the other on kept-alive connections.
write_curl_config() {  # write_curl_config DEST FILE
  local dest=$1 url path size
  while IFS=$'\t' read -r url path size; do
    printf 'url = "%s"\noutput = "%s/%s"\n' "$url" "$dest" "$path"
  done <"$sc_urls" >"$2"
}

# aria2c's input file: each URL with its folder and name.
write_aria2_input() {  # write_aria2_input DEST FILE
  local dest=$1 url path size
  while IFS=$'\t' read -r url path size; do
    printf '%s\n  dir=%s/%s\n  out=%s\n' "$url" "$dest" "$(dirname "$path")" "$(basename "$path")"
  done <"$sc_urls" >"$2"
}

# peer_command TOOL DEST: sets `cmd` (the command to time) and `result` ("dest": the files
# are under DEST; "last-line": the command prints the folder holding them last on stdout).
peer_command() {
  local tool=$1 dest=$2
  result=dest
  case $tool in
    curl)
      write_curl_config "$dest" "$work/curl.cfg"
      cmd=(curl -sSfL --create-dirs --config "$work/curl.cfg")
      ;;
    aria2c)
      write_aria2_input "$dest" "$work/aria2.in"
      cmd=(aria2c -q -x16 -s16 --file-allocation=none --allow-overwrite=true
        --auto-file-renaming=false --console-log-level=error -i "$work/aria2.in")
      ;;
    git-lfs)
      # The fast path git-lfs documents: clone the pointers, then fetch the objects in batch.
      cmd=("${git_env[@]}" bash -c 'GIT_LFS_SKIP_SMUDGE=1 git clone -q "$1" "$2" && git -C "$2" lfs pull'
        git-lfs "$(repo_url)" "$dest/repo")
      result=git
      ;;
    hubjs)
      cmd=(node "$npm_dir/hub_snapshot.mjs" "$hub_url" "$sc_type" "$sc_repo" "$sc_revision"
        "$dest/cache" "$token")
      result=last-line
      ;;
    tf-get)
      local url path size
      IFS=$'\t' read -r url path size <"$sc_urls"
      cmd=("$tf" get "$url" -o "$dest/$path" -q)
      ;;
    tf-download | tf-download-lfs | tf-download-cold)
      tf_download_command "$tool" "$dest" "$sc_revision"
      cmd=("${tf_cmd[@]}")
      result=last-line
      ;;
    limit1 | limit16 | limit-nginx) limit_command "$tool" ;;
    *) die "unknown tool $tool" ;;
  esac
}

# The untimed first half of an update scenario: the tool's state at the base revision.
peer_prepare_update() {  # peer_prepare_update TOOL DEST
  local tool=$1 dest=$2
  case $tool in
    git-lfs)
      in_ns "$sc_ns" "${git_env[@]}" bash -c 'GIT_LFS_SKIP_SMUDGE=1 git clone -q --branch "$3" "$1" "$2" &&
        git -C "$2" lfs pull' git-lfs "$(repo_url)" "$dest/repo" "$sc_base_revision"
      ;;
    hubjs)
      in_ns "$sc_ns" node "$npm_dir/hub_snapshot.mjs" "$hub_url" "$sc_type" "$sc_repo" \
        "$sc_base_revision" "$dest/cache" "$token" >/dev/null
      ;;
    tf-download | tf-download-lfs)
      tf_download_command "$tool" "$dest" "$sc_base_revision"
      in_ns "$sc_ns" "${tf_cmd[@]}" >/dev/null
      ;;
    tf-download-cold) ;;  # the reference: the new revision pulled into an empty cache
    curl | aria2c)
      # They keep no state: the base revision's files are already in place, and the timed
      # half fetches only the files that changed (sc_urls), as a careful script would.
      local url path size
      while IFS=$'\t' read -r url path size; do
        printf 'url = "%s"\noutput = "%s/%s"\n' "$url" "$dest" "$path"
      done <"$sc_base_urls" >"$work/curl-base.cfg"
      in_ns "$sc_ns" curl -sSfL --create-dirs --config "$work/curl-base.cfg"
      ;;
  esac
}

# The timed half of an update scenario (see peer_prepare_update).
peer_update_command() {  # peer_update_command TOOL DEST
  local tool=$1 dest=$2
  case $tool in
    git-lfs)
      cmd=("${git_env[@]}" bash -c 'cd "$1" && GIT_LFS_SKIP_SMUDGE=1 git fetch -q origin "$2" &&
        GIT_LFS_SKIP_SMUDGE=1 git checkout -q -B "$2" FETCH_HEAD && git lfs pull'
        git-lfs "$dest/repo" "$sc_revision")
      result=git
      ;;
    *) peer_command "$tool" "$dest" ;;
  esac
}

# The limit probes: the scenario's bytes over the same URLs (redirects followed) to /dev/null,
# by one curl, or by 16 curls in parallel over pieces of at most bytes/16 (files split in byte
# ranges), or by one curl from nginx serving the same objects. No disk, no tool logic: what
# this machine's loopback and servers give. Each probe prints the bytes it received, which
# the harness checks against the scenario's size.
limit_command() {
  local tool=$1 streams=1 base="" piece
  [[ $tool == limit16 ]] && streams=16
  [[ $tool == limit-nginx ]] && base=$nginx_url
  piece=$(((sc_bytes + streams - 1) / streams))
  ((piece < 1048576)) && piece=1048576
  rm -f "$work"/probe-*.cfg
  local url path size sha start end n=0
  while IFS=$'\t' read -r url path size; do
    [[ -n $base ]] && url="$base/$(limit_object_of "$path")"
    if ((size == 0)); then
      probe_entry "$work/probe-$((n++ % streams)).cfg" "$url" ""
      continue
    fi
    for ((start = 0; start < size; start += piece)); do
      end=$((start + piece - 1))
      ((end >= size)) && end=$((size - 1))
      probe_entry "$work/probe-$((n++ % streams)).cfg" "$url" "$start-$end"
    done
  done <"$sc_urls"
  cmd=(bash -c 'pids=(); for cfg in "$@"; do curl -sSfL --config "$cfg" & pids+=($!); done
    status=0; for pid in "${pids[@]}"; do wait "$pid" || status=1; done; exit $status' \
    probe "$work"/probe-*.cfg)
  result=probe
}

# probe_entry CFG URL RANGE: appends one transfer to a curl config; "next" separates transfers
# (after the last one it would start an empty transfer: "no URL specified"). Options given on
# the command line apply to the first transfer only, so each entry repeats what it needs.
probe_entry() {
  local cfg=$1 url=$2 range=$3
  [[ -s $cfg ]] && printf 'next\n' >>"$cfg"
  printf 'url = "%s"\noutput = "/dev/null"\nlocation\nfail\nwrite-out = "%%{size_download}\\n"\n' \
    "$url" >>"$cfg"
  [[ -z $range ]] || printf 'range = "%s"\n' "$range" >>"$cfg"
}

# The object of a file, as nginx serves it (/<sha256> under the hub's objects/ folder).
limit_object_of() { awk -F'\t' -v p="$1" '$2 == p {print $3}' "$sc_files"; }
