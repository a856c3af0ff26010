# The report of bench/compare.sh: from runs.tsv (one line per measured run) and scenarios.tsv
# (id, title, what was measured), a markdown table per scenario and a PNG chart (gnuplot).
# Every number comes from runs.tsv, that is from a measurement of this run. Sourced, not run.

# describe_machine: what the numbers were measured on, as markdown.
describe_machine() {
  local cpu mem kernel distro hubjs_version
  cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
  mem=$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)
  kernel=$(uname -r)
  distro=$(. /etc/os-release && printf '%s' "$PRETTY_NAME")
  hubjs_version=$(jq -r .version "$npm_dir/node_modules/@huggingface/hub/package.json" 2>/dev/null || echo "?")
  cat <<MD
- machine: $(nproc) cores ($cpu), $mem RAM, $distro, kernel $kernel; load average at start: $load_at_start
- downloads written to: \`$out\` ($(df --output=fstype "$out" | tail -1)); servers on 127.0.0.0/8 (the slow link: in a network namespace of its own)
- tools: $(curl --version | head -1 | cut -d' ' -f1-2), aria2c $(aria2c --version | head -1 | awk '{print $3}'), git $(git --version | awk '{print $3}'), $(git lfs version | cut -d' ' -f1), node $(node --version) with @huggingface/hub $hubjs_version, turbofetch $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- . 2>/dev/null || echo "+changes")
- server: tf-hub (the stand-in hub: API, /resolve/ redirects to its CDN listener, git smart HTTP and the LFS batch API); nginx for one reference probe
MD
}

fmt_rate() { awk -v r="$1" 'BEGIN { if (r >= 100) printf "%.0f", r; else if (r >= 10) printf "%.1f", r; else printf "%.2f", r }'; }

# summarize: one line per (scenario, tool) with status, medians and the run count:
#   scenario tool status runs mbps wall cpu rss_mib traffic_mib
summarize() {
  awk -F'\t' '
    { key = $1 SUBSEP $2
      if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      runs[key]++
      if ($8 != "ok") { bad[key]++; if (!(key in why)) why[key] = $8; next }
      wall[key] = wall[key] " " $4; cpu[key] = cpu[key] " " ($5 + $6); rss[key] = rss[key] " " $7
      traffic[key] = traffic[key] " " $10; bytes[key] = $9 }
    function med(list,   a, k, i, j, t) {
      k = split(list, a, " ")
      for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return (k % 2) ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
    END {
      for (i = 1; i <= n; i++) {
        key = order[i]; split(key, p, SUBSEP)
        if (key in bad) { printf "%s\t%s\t%s\t%d\t\t\t\t\t\n", p[1], p[2], why[key], runs[key]; continue }
        w = med(wall[key])
        printf "%s\t%s\tok\t%d\t%.3f\t%.3f\t%.2f\t%.0f\t%.1f\n", p[1], p[2], runs[key], bytes[key] / w / 1e6, w, med(cpu[key]), med(rss[key]) / 1024, med(traffic[key]) / 1048576
      }
    }' "$runs_tsv"
}

# scenario_table ID [traffic]: the markdown table of one scenario; with "traffic", a column of
# the bytes each tool moved over loopback (what an update fetched).
scenario_table() {
  local id=$1 show_traffic=${2:-} summary ref="" ref_name="" limit=0 line tool status runs mbps
  local wall cpu rss traffic traffic_head="" traffic_rule="" traffic_cell="" traffic_gap=""
  summary=$(summarize | awk -F'\t' -v id="$id" '$1 == id')
  # The reference is turbofetch download, or turbofetch get where download is not there.
  for tool in tf-download tf-get; do
    ref=$(awk -F'\t' -v t="$tool" '$2 == t && $3 == "ok" {print $5}' <<<"$summary")
    [[ -n $ref ]] && { ref_name=$tool; break; }
  done
  limit=$(awk -F'\t' '$2 ~ /^limit/ && $3 == "ok" && $5 > m {m = $5} END {print m + 0}' <<<"$summary")
  if [[ $show_traffic == traffic ]]; then
    traffic_head=" MiB over loopback (median) |" traffic_rule="---:|" traffic_gap=" |"
  fi
  printf '| tool | MB/s (median) | seconds (median) |%s CPU s, user+sys | peak RSS MiB | vs %s | vs limit | runs |\n' \
    "$traffic_head" "${ref_name:-turbofetch}"
  printf '|---|---:|---:|%s---:|---:|---:|---:|---:|\n' "$traffic_rule"
  for tool in "${all_tools[@]}"; do
    line=$(awk -F'\t' -v t="$tool" '$2 == t' <<<"$summary")
    [[ -n $line ]] || continue
    IFS=$'\t' read -r _ _ status runs mbps wall cpu rss traffic <<<"$line"
    if [[ $status != ok ]]; then
      printf '| %s | %s | |%s | | | | %s |\n' "${tool_title[$tool]}" "${status//|//}" "$traffic_gap" "$runs"
      continue
    fi
    [[ -z $traffic_head ]] || traffic_cell=" $traffic |"
    local vs_ref="—" vs_limit="—"
    [[ -n $ref ]] && vs_ref=$(awk -v a="$mbps" -v b="$ref" 'BEGIN {printf "%.2fx", a / b}')
    [[ $limit != 0 ]] && vs_limit=$(awk -v a="$mbps" -v b="$limit" 'BEGIN {printf "%.2f", a / b}')
    if [[ $tool == limit* ]]; then cpu="—"; rss="—"; fi
    printf '| %s | %s | %.2f |%s %s | %s | %s | %s | %s |\n' "${tool_title[$tool]}" "$(fmt_rate "$mbps")" \
      "$wall" "$traffic_cell" "$cpu" "$rss" "$vs_ref" "$vs_limit" "$runs"
  done
}

# write_report MD PNG: the whole markdown report and the chart.
write_report() {
  local md=$1 png=$2 id title what
  {
    printf '## turbofetch vs the other downloaders (%s run, %s)\n\n' "$mode" "$(date -u +%Y-%m-%dT%H:%MZ)"
    describe_machine
    cat <<'MD'

How to read it: MB/s = the scenario's bytes (10^6) / the median wall time of its runs; CPU
and peak RSS are medians over the runs, of the tool's processes only (not the servers);
"vs turbofetch" divides by turbofetch's MB/s in the same scenario; "vs limit" divides by the
fastest limit probe of the same scenario (curl to /dev/null over the same URLs: no disk, no
tool logic). Every run's files were checked by SHA-256 against the hub's manifest; a row
with any wrong or missing byte reads "failed", whatever its speed. Where a table has "MiB over
loopback", it is the median of what each run moved over the loopback interface (responses,
requests and TCP/IP headers: every byte between the tool and the servers).
MD
    while IFS=$'\t' read -r id title what traffic; do
      printf '\n### %s\n\n%s\n\n' "$title" "$what"
      scenario_table "$id" "$traffic"
    done <"$scenarios_tsv"
  } >"$md"
  write_chart "$png"
}

# write_chart PNG: MB/s per tool and scenario, log scale, one cluster per scenario.
write_chart() {
  local png=$1 dat="$work/chart.dat" tools=() tool id title what
  local summary
  summary=$(summarize)
  for tool in "${all_tools[@]}"; do
    [[ $tool == limit-nginx ]] && continue
    awk -F'\t' -v t="$tool" '$2 == t && $3 == "ok" {found = 1} END {exit !found}' <<<"$summary" && tools+=("$tool")
  done
  ((${#tools[@]} > 0)) || return 0
  {
    printf 'scenario'
    for tool in "${tools[@]}"; do printf '\t"%s"' "${tool_title[$tool]}"; done
    printf '\n'
    while IFS=$'\t' read -r id _; do
      printf '"%s"' "$id"
      for tool in "${tools[@]}"; do
        printf '\t%s' "$(awk -F'\t' -v i="$id" -v t="$tool" '$1 == i && $2 == t && $3 == "ok" {v = $5} END {print (v == "") ? "NaN" : v}' <<<"$summary")"
      done
      printf '\n'
    done <"$scenarios_tsv"
  } >"$dat"
  gnuplot <<GP
set terminal pngcairo size 1400,700 font "sans,10"
set output "$png"
set title "Median MB/s per scenario ($mode run, $(nproc) cores, $(date -u +%Y-%m-%d)); log scale"
set datafile separator "\t"
set datafile missing "NaN"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 border -1
set logscale y
set yrange [0.1:*]
set ylabel "MB/s"
set key outside right top vertical
set grid ytics
plot for [i=2:$((${#tools[@]} + 1))] "$dat" using i:xtic(1) title columnheader(i)
GP
}
