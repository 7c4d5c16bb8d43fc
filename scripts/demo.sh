#!/usr/bin/env bash
# The README's demo: builds the parley command, makes a throwaway CA and an
# ECDSA P-256 certificate for localhost, then runs one traced handshake
# between `parley server --echo` and `parley client` on loopback and shows
# both sides' traces and the echoed data. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/deps.sh
cmake -S . -B build -G Ninja
cmake --build build --target parley_tool
parley="$PWD/build/tools/parley/parley"

work=$(mktemp -d)
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
cd "$work"

echo "== generating a throwaway CA and a P-256 certificate for localhost in $work"
ec_key=(-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes)
openssl req -x509 "${ec_key[@]}" -keyout ca.key -out ca.pem -days 1 -subj "/CN=parley demo CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null
openssl req "${ec_key[@]}" -keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
cat > server.ext <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
EOF
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 \
  -extfile server.ext -out server.pem 2>/dev/null

# Port 0: the server takes a free loopback port and reports it.
"$parley" server --accept 127.0.0.1:0 --cert server.pem --key server.key --echo --once --trace \
  2> server.log &
server_pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -n 's/^parley: listening on 127\.0\.0\.1:\([0-9]*\)$/\1/p' server.log)
  [ -n "$port" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "demo: the server did not start:" >&2
  cat server.log >&2
  exit 1
fi

client_status=0
echo hello | "$parley" client "127.0.0.1:$port" --servername localhost --cafile ca.pem --trace \
  > client.out 2> client.log || client_status=$?
server_status=0
wait "$server_pid" || server_status=$?
server_pid=""

echo
echo "== client: echo hello | parley client 127.0.0.1:$port --servername localhost --cafile ca.pem --trace"
cat client.log
echo
echo "== server: parley server --accept 127.0.0.1:0 --cert server.pem --key server.key --echo --once --trace"
cat server.log
echo
echo "== echoed data (the client's stdout)"
cat client.out
echo

if [ "$client_status" -ne 0 ] || [ "$server_status" -ne 0 ]; then
  echo "demo: FAILED (client exit $client_status, server exit $server_status)" >&2
  exit 1
fi
if [ "$(cat client.out)" != "hello" ]; then
  echo "demo: FAILED (the client received something other than 'hello')" >&2
  exit 1
fi
echo "demo: OK: handshake, echo and clean close on both sides"
