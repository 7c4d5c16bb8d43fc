#!/usr/bin/env bash
# Whole-process server benchmark on loopback: full TLS 1.3 handshakes per
# second (ECDSA P-256 certificate, x25519, no resumption), each followed by
# "GET /" and the response, of
#   parley server --www --threads W   (W = 1, 2)
#   openssl s_server -www             (one process, one thread: it has no workers)
#   nginx with OpenSSL                (worker_processes W)
# all with the same certificate and the same load generator
# (bench/load_client.cc). Prints the median of RUNS runs of SECONDS each.
#
#   bench/server_load.sh [BUILD_DIR] [RUNS] [SECONDS]
#
# Run it on a quiet machine: the generator shares the cores with the server.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-bench}
runs=${2:-3}
seconds=${3:-5}
client_threads=${CLIENT_THREADS:-2}
concurrency=${CONCURRENCY:-16}

if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  echo "installing nginx (Debian's, with OpenSSL)"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends nginx ||
    echo "nginx did not install: its rows are skipped"
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DPARLEY_TESTS=OFF -DPARLEY_BENCH=ON
fi
cmake --build "$build" --target parley_tool parley_load_client >/dev/null
parley="$PWD/$build/tools/parley/parley"
load="$PWD/$build/bench/parley_load_client"

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" \
  -out "$work/cert.pem" -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" \
  2>/dev/null

port=$((20000 + RANDOM % 20000))

nginx_conf() {
  cat > "$work/nginx.conf" <<EOF
worker_processes $1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server {
    listen 127.0.0.1:$port ssl;
    ssl_certificate $work/cert.pem;
    ssl_certificate_key $work/key.pem;
    ssl_protocols TLSv1.3;
    location / { return 200 "parley benchmark\n"; }
  }
}
EOF
}

start_server() {  # NAME WORKERS
  case $1 in
    parley)
      "$parley" server --accept "127.0.0.1:$port" --cert "$work/cert.pem" --key "$work/key.pem" \
        --www --quiet --threads "$2" 2>"$work/server.log" &
      ;;
    s_server)
      openssl s_server -accept "$port" -cert "$work/cert.pem" -key "$work/key.pem" -www -quiet \
        -tls1_3 >/dev/null 2>"$work/server.log" &
      ;;
    nginx)
      nginx_conf "$2"
      "$nginx_bin" -c "$work/nginx.conf" -e "$work/nginx-error.log" 2>"$work/server.log" &
      ;;
  esac
  server_pid=$!
  for _ in $(seq 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$1 did not start:" >&2
  cat "$work/server.log" >&2
  return 1
}

stop_server() {
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
  sleep 0.3
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A rates
configs=("parley 1" "parley 2" "s_server 1" "nginx 1" "nginx 2")
echo "load: $client_threads generator threads x $concurrency connections, $seconds s per run," \
  "$runs runs; $(nproc) cores; $(uptime)"
for run in $(seq "$runs"); do
  # Interleaved, so that a change in the machine's load hits every server.
  for config in "${configs[@]}"; do
    read -r name workers <<<"$config"
    [ "$name" = nginx ] && [ ! -x "$nginx_bin" ] && continue
    start_server "$name" "$workers" || continue
    line=$("$load" "$port" "$client_threads" "$concurrency" "$seconds")
    stop_server
    rate=${line%% *}
    echo "run $run: $name (workers $workers): $line"
    rates[$config]+="$rate "
  done
done

echo
printf "%-28s %10s   %s\n" "server" "median/s" "runs"
for config in "${configs[@]}"; do
  [ -z "${rates[$config]:-}" ] && continue
  read -r name workers <<<"$config"
  m=$(tr ' ' '\n' <<<"${rates[$config]}" | grep . | median)
  printf "%-28s %10s   %s\n" "$name ($workers worker$([ "$workers" = 1 ] || echo s))" "$m" \
    "${rates[$config]}"
done
