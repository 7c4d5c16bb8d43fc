#!/usr/bin/env bash
# Headless Chromium (Debian's chromium) against `parley server --www`: the
# page parley serves names the negotiated group, which must be X25519MLKEM768
# (Chromium offers it by default), and the certificate compression, which
# must be brotli (RFC 8879; Chromium offers only brotli). Usage: scripts/chromium_interop.sh PARLEY
# (the parley binary). Exits 77 (a skip for ctest) when chromium is absent;
# `--install` first installs it with apt-get (CI does).
set -euo pipefail

if [ "${1:-}" = "--install" ]; then
  shift
  if ! command -v chromium >/dev/null; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get install -y --no-install-recommends chromium ||
      { $sudo apt-get update && $sudo apt-get install -y --no-install-recommends chromium; }
  fi
fi
parley=${1:?usage: chromium_interop.sh [--install] PARLEY}
if ! command -v chromium >/dev/null; then
  echo "SKIP: chromium is not installed (scripts/chromium_interop.sh --install installs it)"
  exit 77
fi

work=$(mktemp -d)
server_pid=""
cleanup() {
  local status=$?
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT

# A P-256 certificate for localhost; Chromium is told to ignore that nobody
# trusts it (--ignore-certificate-errors), since a trusted CA would need an
# NSS database of its own.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

port=""
for _ in 1 2 3 4 5; do
  candidate=$((20000 + RANDOM % 20000))
  "$parley" server --accept "127.0.0.1:$candidate" --cert "$work/cert.pem" --key "$work/key.pem" \
    --www 2>"$work/server.log" &
  server_pid=$!
  for _ in $(seq 50); do
    grep -q "listening" "$work/server.log" 2>/dev/null && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  if grep -q "listening" "$work/server.log"; then port=$candidate; break; fi
  wait "$server_pid" 2>/dev/null || true
  server_pid=""
done
[ -n "$port" ] || { echo "parley server did not start:"; cat "$work/server.log"; exit 1; }

# The flags the machine notes give for headless Chromium here
# (/work/.library/env/machines/cpp.md), and a fresh profile. A loaded machine
# can make a start fail, so up to three tries.
for attempt in 1 2 3; do
  rm -rf "$work/profile"
  timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$work/profile" --ignore-certificate-errors \
    --dump-dom "https://localhost:$port/" >"$work/page.html" 2>"$work/chromium.log" || true
  grep -q "<td>X25519MLKEM768</td>" "$work/page.html" && break
  echo "attempt $attempt: no X25519MLKEM768 in the page; chromium said:"
  tail -5 "$work/chromium.log"
done

group=$(grep -o 'X25519MLKEM768\|x25519\|secp256r1\|secp384r1' "$work/page.html" | head -1 || true)
# RFC 8879: Chromium offers brotli certificate compression; parley's page
# says how it sent its Certificate.
compressed='<th>certificate compression</th><td>brotli</td>'
if grep -q "<td>X25519MLKEM768</td>" "$work/page.html" && grep -q "$compressed" "$work/page.html"; then
  grep "<td>X25519MLKEM768</td>\|$compressed" "$work/page.html"
  echo "PASS: Chromium $(chromium --version 2>/dev/null | awk '{print $2}') negotiated X25519MLKEM768 and brotli certificate compression with parley"
  exit 0
fi
grep -q "<td>X25519MLKEM768</td>" "$work/page.html" &&
  echo "FAIL: parley did not send Chromium a brotli-compressed Certificate"

echo "FAIL: the page parley served Chromium names group '${group:-none}', not X25519MLKEM768"
echo "--- page"; cat "$work/page.html"
echo "--- parley server"; cat "$work/server.log"
echo "--- chromium (last lines)"; tail -20 "$work/chromium.log"
exit 1
