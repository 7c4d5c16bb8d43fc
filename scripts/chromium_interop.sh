#!/usr/bin/env bash
# Headless Chromium (Debian's chromium) against `parley server --www`: the
# page parley serves names the negotiated group, which must be X25519MLKEM768
# (Chromium offers it by default), and the certificate compression, which
# must be brotli (RFC 8879; Chromium offers only brotli). Usage: scripts/chromium_interop.sh PARLEY
# (the parley binary). Exits 77 (a skip for ctest) when chromium is absent;
# `--install` first installs it with apt-get (CI does).
set -euo pipefail

source "$(dirname "$0")/browser_interop.sh"

if [ "${1:-}" = "--install" ]; then
  shift
  install_package chromium chromium
fi
parley=${1:?usage: chromium_interop.sh [--install] PARLEY}
if ! command -v chromium >/dev/null; then
  echo "SKIP: chromium is not installed (scripts/chromium_interop.sh --install installs it)"
  exit 77
fi

# A P-256 certificate for localhost; Chromium is told to ignore that nobody
# trusts it (--ignore-certificate-errors), since a trusted CA would need an
# NSS database of its own.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

start_parley_server "$parley" "$work/server.log" --cert "$work/cert.pem" --key "$work/key.pem" --www

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
