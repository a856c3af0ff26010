# Servers of bench/compare.sh: the stand-in hub (tf-hub serve), nginx (the reference server
# of the limit probe) and the delay-line proxy, each registered for clean-up.
# Sourced, not run. Needs: $tf_hub, $tf_proxy, $work, $token.

# in_ns NS CMD...: runs CMD in network namespace NS, or as is when NS is empty.
in_ns() {
  local ns=$1
  shift
  if [[ -n $ns ]]; then ip netns exec "$ns" "$@"; else "$@"; fi
}

# start_hub DATA NS [tf-hub serve options...]: serves DATA; sets hub_url, cdn_url, hub_pid.
# hub_url/cdn_url are where clients connect (the --public-url ones when given).
start_hub() {
  local data=$1 ns=$2
  shift 2
  local ports="$work/hub-ports.json"
  rm -f "$ports"
  in_ns "$ns" "$tf_hub" serve --data "$data" --port-file "$ports" --token "$token" "$@" \
    >"$work/hub.log" 2>&1 &
  hub_pid=$!
  register_pid "$hub_pid"
  wait_for test -s "$ports" || die "tf-hub serve did not start: $(cat "$work/hub.log")"
  hub_url=$(jq -r .hub "$ports")
  cdn_url=$(jq -r .cdn "$ports")
  local arg previous=""
  for arg in "$@"; do
    [[ $previous == --public-url ]] && hub_url=$arg
    [[ $previous == --cdn-public-url ]] && cdn_url=$arg
    previous=$arg
  done
}

stop_hub() { [[ -n ${hub_pid:-} ]] && stop_pid "$hub_pid"; hub_pid=""; }

# The hub's admin API (not faulted, not logged).
hub_admin() {  # hub_admin NS METHOD PATH [BODY]
  local ns=$1 method=$2 path=$3 body=${4:-}
  in_ns "$ns" curl -sf --noproxy '*' -X "$method" ${body:+-H 'Content-Type: application/json' -d "$body"} \
    "$hub_url$path" >/dev/null
}

# start_nginx ROOT: serves ROOT's files at http://127.0.0.1:PORT/; sets nginx_url.
start_nginx() {
  local root=$1 dir="$work/nginx" port="" candidate i
  mkdir -p "$dir"
  chmod 755 "$work" "$dir"  # nginx workers run unprivileged when started as root
  for ((i = 0; i < 50; i++)); do
    candidate=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
  done
  [[ -n $port ]] || die "no free port for nginx"
  cat >"$dir/nginx.conf" <<CONF
daemon off; master_process off; worker_processes 1;
error_log $dir/error.log warn; pid $dir/nginx.pid;
events { worker_connections 4096; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  client_body_temp_path $dir/cb; proxy_temp_path $dir/px; fastcgi_temp_path $dir/fc;
  uwsgi_temp_path $dir/uw; scgi_temp_path $dir/sc;
  server { listen 127.0.0.1:$port; root $root; } }
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" &
  nginx_pid=$!
  register_pid "$nginx_pid"
  nginx_url="http://127.0.0.1:$port"
  wait_for curl -s -o /dev/null "$nginx_url/" || die "nginx did not start: $(cat "$dir/error.log")"
}

stop_nginx() { [[ -n ${nginx_pid:-} ]] && stop_pid "$nginx_pid"; nginx_pid=""; }

# start_proxy NS RTT_MS WINDOW RATE MAP...: the delay line in NS; sets proxy_pid.
start_proxy() {
  local ns=$1 rtt=$2 window=$3 rate=$4
  shift 4
  local maps=() map
  for map in "$@"; do maps+=(--map "$map"); done
  in_ns "$ns" "$tf_proxy" "${maps[@]}" --rtt-ms "$rtt" --window "$window" --rate "$rate" \
    >"$work/proxy.out" 2>"$work/proxy.log" &
  proxy_pid=$!
  register_pid "$proxy_pid"
  wait_for test -s "$work/proxy.out" || die "tf-delay-proxy did not start: $(cat "$work/proxy.log")"
}

stop_proxy() { [[ -n ${proxy_pid:-} ]] && stop_pid "$proxy_pid"; proxy_pid=""; }
