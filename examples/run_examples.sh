#!/usr/bin/env bash
# Runs one example scenario on loopback with certificates made on the spot:
#   run_examples.sh SCENARIO EXAMPLES_DIR PARLEY_COMMAND
# https_get:       https_get --cafile against `parley server --www`
# blocking_server: https_get against blocking_server, three clients in turn
# poll_server:     four https_get clients at once against poll_server
# client_auth:     the client_auth pair (and a client without a certificate refused)
# asio_echo_server: three `parley client`s at once against the Asio coroutine echo server
set -euo pipefail
scenario=$1 bin=$2 parley=$3
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# CA, a server leaf for localhost and a client leaf.
"$(dirname "$0")/../scripts/test_pki.sh" "$work"

# Starts a server in the background; sets `port` from its "listening on" line.
start() {  # LOG COMMAND...
  local log=$1
  shift
  "$@" >"$log" 2>&1 &
  pids+=($!)
  port=""
  for _ in $(seq 200); do
    port=$(sed -n 's/.*listening on \(127.0.0.1:\)\{0,1\}\(port \)\{0,1\}\([0-9][0-9]*\)$/\3/p' "$log")
    [ -n "$port" ] && return 0
    sleep 0.05
  done
  cat "$log"
  echo "examples: the server did not start" >&2
  exit 1
}
expect() {  # FILE TEXT
  grep -q -- "$2" "$1" || { echo "examples: '$2' not in $1:"; cat "$1"; exit 1; }
}

case $scenario in
  https_get)
    start "$work/server.log" "$parley" server --accept 127.0.0.1:0 --cert "$work/server.pem" \
      --key "$work/server.key" --www --once
    "$bin/https_get" --cafile "$work/ca.pem" localhost / "$port" >"$work/page"
    expect "$work/page" "HTTP/1.0 200 OK"
    expect "$work/page" "<td>TLS 1.3</td>"
    wait "${pids[-1]}"
    ;;
  blocking_server)
    start "$work/server.log" "$bin/blocking_server" "$work/server.pem" "$work/server.key" 0 3
    for i in 1 2 3; do
      "$bin/https_get" --cafile "$work/ca.pem" localhost / "$port" >"$work/page$i"
      expect "$work/page$i" "hello from blocking_server over TLS 1.3"
    done
    wait "${pids[-1]}"
    ;;
  poll_server)
    start "$work/server.log" "$bin/poll_server" "$work/server.pem" "$work/server.key" 0 4
    clients=()
    for i in 1 2 3 4; do
      "$bin/https_get" --cafile "$work/ca.pem" localhost / "$port" >"$work/page$i" &
      clients+=($!)
    done
    for pid in "${clients[@]}"; do wait "$pid"; done
    wait "${pids[-1]}"
    for i in 1 2 3 4; do expect "$work/page$i" "hello from poll_server, client"; done
    expect "$work/server.log" "served 4 of 4 clients"
    cat "$work/server.log"
    ;;
  client_auth)
    start "$work/server.log" "$bin/client_auth" server "$work/server.pem" "$work/server.key" \
      "$work/ca.pem" 0
    "$bin/client_auth" client "$work/client.pem" "$work/client.key" "$work/ca.pem" "$port" \
      >"$work/reply"
    expect "$work/reply" "authenticated as CN=example client"
    wait "${pids[-1]}"
    # Without a client certificate the server refuses the handshake.
    start "$work/server2.log" "$bin/client_auth" server "$work/server.pem" "$work/server.key" \
      "$work/ca.pem" 0
    if "$bin/https_get" --cafile "$work/ca.pem" localhost / "$port" >"$work/refused" 2>&1; then
      echo "examples: a client without a certificate was served"
      exit 1
    fi
    expect "$work/refused" "certificate_required"
    ! wait "${pids[-1]}"
    ;;
  asio_echo_server)
    start "$work/server.log" "$bin/asio_echo_server" "$work/server.pem" "$work/server.key" 0 3
    clients=()
    for i in 1 2 3; do
      head -c 100000 /dev/zero | tr '\0' "$i" >"$work/sent$i"
      "$parley" client --cafile "$work/ca.pem" --quiet "localhost:$port" <"$work/sent$i" \
        >"$work/echo$i" &
      clients+=($!)
    done
    for pid in "${clients[@]}"; do wait "$pid"; done
    wait "${pids[-1]}"
    for i in 1 2 3; do cmp "$work/sent$i" "$work/echo$i"; done
    expect "$work/server.log" "served 3 clients"
    ;;
  *)
    echo "unknown scenario $scenario" >&2
    exit 2
    ;;
esac
echo "examples: $scenario passed"
