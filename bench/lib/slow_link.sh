# The slow link of bench/compare.sh: a network namespace of its own (created here, deleted on
# exit) holding the hub, its CDN listener and every client, with 20-50 ms round trips.
#  - Where the kernel has netem, `tc qdisc add dev lo root netem delay D rate R` on the
#    namespace's loopback: every packet waits D, so a round trip takes 2D; TCP's own window.
#  - Where it has not (this machine: "Specified qdisc kind is unknown"), tf-delay-proxy stands
#    between the clients and the servers: half the round trip each way, a fixed window per
#    connection (so one connection moves at most window / RTT), a round trip for the
#    handshake, and one shared rate per direction. The hub listens behind it and hands out
#    the proxy's addresses (--public-url, --cdn-public-url) in redirects and links.
# Sourced, not run.

# setup_slow_link DATA RTT_MS WINDOW RATE: sets sc_ns, hub_url, cdn_url, link_kind.
setup_slow_link() {
  local data=$1 rtt=$2 window=$3 rate=$4 ns="tfbench-$$"
  ip netns add "$ns" || die "cannot create network namespace $ns"
  register_netns "$ns"
  ip -n "$ns" link set lo up
  sc_ns=$ns
  local half_us=$((rtt * 500)) rate_bits=$(($(to_bytes "$rate") * 8))
  if ip netns exec "$ns" tc qdisc add dev lo root netem delay "${half_us}us" rate "${rate_bits}bit" \
    2>"$work/netem.err"; then
    link_kind=netem
    start_hub "$data" "$ns" --page-size 1000 --listen 127.0.0.1:8080 --cdn-listen 127.0.0.2:8081
  else
    link_kind="tf-delay-proxy (tc netem: $(tr -d '\n' <"$work/netem.err"))"
    start_hub "$data" "$ns" --page-size 1000 --listen 127.0.0.3:8080 --cdn-listen 127.0.0.4:8081 \
      --public-url http://127.0.0.1:8080 --cdn-public-url http://127.0.0.2:8081
    start_proxy "$ns" "$rtt" "$window" "$rate" 127.0.0.1:8080=127.0.0.3:8080 \
      127.0.0.2:8081=127.0.0.4:8081
  fi
}

teardown_slow_link() {
  stop_proxy
  stop_hub
  [[ -n ${sc_ns:-} ]] && delete_netns "$sc_ns"
  sc_ns=""
}

# measure_link_latency: what a client in the namespace sees, as milliseconds (medians of 5):
#   "<new connection: time to first byte> <kept-alive connection: time to first byte>"
# The first is a handshake plus a request (2 round trips), the second one request (1).
measure_link_latency() {
  local url="$hub_url/api/${sc_type}s/$sc_repo" i fresh=() reused=() times
  for ((i = 0; i < 5; i++)); do
    times=$(in_ns "$sc_ns" curl -sf -o /dev/null -o /dev/null -w '%{time_starttransfer}\n' "$url" "$url")
    fresh+=("$(sed -n 1p <<<"$times")")
    reused+=("$(sed -n 2p <<<"$times")")
  done
  printf '%s %s\n' \
    "$(printf '%s\n' "${fresh[@]}" | median | awk '{printf "%.1f", $1 * 1000}')" \
    "$(printf '%s\n' "${reused[@]}" | median | awk '{printf "%.1f", $1 * 1000}')"
}
