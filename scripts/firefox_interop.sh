#!/usr/bin/env bash
# Headless Firefox ESR (Debian's firefox-esr, its own NSS) against
# `parley server --www-root`, in TLS 1.3 and TLS 1.2, for record_size_limit
# (RFC 8449), which Firefox sends by default. parley advertises 512 and
# parley_record_tap, between the two, prints every record's header. Each
# version passes when:
# - parley saw Firefox's record_size_limit (peer_record_size_limit=N);
# - Firefox's records kept to parley's 512: its request, a URL of 1,500
#   bytes, came in several records, none longer than 512 (plus the AEAD's
#   overhead);
# - parley's records kept to Firefox's limit (full-sized ones: a 70,000-byte
#   file) and Firefox rendered the page.
# TLS 1.2 twice: Firefox offering 1.3 too, and 1.2 alone.
# Usage: scripts/firefox_interop.sh [--install] PARLEY RECORD_TAP (the parley
# binary, build/tests/parley_record_tap). Exits 77 (a skip for ctest) when
# firefox-esr or certutil is absent; scripts/deps.sh installs them, and so
# does --install.
set -euo pipefail

source "$(dirname "$0")/browser_interop.sh"

if [ "${1:-}" = "--install" ]; then
  shift
  install_package firefox-esr firefox-esr
  install_package certutil libnss3-tools
fi
parley=${1:?usage: firefox_interop.sh [--install] PARLEY RECORD_TAP}
tap=${2:?usage: firefox_interop.sh [--install] PARLEY RECORD_TAP}
if ! command -v firefox-esr >/dev/null || ! command -v certutil >/dev/null; then
  echo "SKIP: firefox-esr or certutil (libnss3-tools) is not installed (scripts/deps.sh installs both)"
  exit 77
fi

readonly our_limit=512
readonly url_bytes=1500
readonly file_bytes=70000

"$(dirname "$0")/test_pki.sh" "$work/pki"
mkdir "$work/www"
head -c "$file_bytes" /dev/zero | tr '\0' 'x' >"$work/www/big.txt"

# A fresh profile whose NSS database trusts the test CA for TLS servers, and
# prefs that keep Firefox off the network (this machine has none) and to
# one connection per page (no speculative ones).
make_profile() {
  local profile=$1 extra_pref=${2:-}
  mkdir -p "$profile"
  certutil -N -d "sql:$profile" --empty-password
  certutil -A -d "sql:$profile" -n "parley test CA" -t "C,," -i "$work/pki/ca.pem"
  local pref
  for pref in \
    '"app.normandy.enabled", false' '"app.update.auto", false' '"app.update.enabled", false' \
    '"browser.safebrowsing.downloads.enabled", false' '"browser.safebrowsing.malware.enabled", false' \
    '"browser.safebrowsing.phishing.enabled", false' '"browser.search.update", false' \
    '"browser.shell.checkDefaultBrowser", false' \
    '"browser.startup.homepage_override.mstone", "ignore"' \
    '"datareporting.healthreport.uploadEnabled", false' \
    '"datareporting.policy.dataSubmissionEnabled", false' '"extensions.blocklist.enabled", false' \
    '"extensions.update.enabled", false' '"media.gmp-manager.updateEnabled", false' \
    '"network.captive-portal-service.enabled", false' \
    '"network.connectivity-service.enabled", false' '"network.dns.disablePrefetch", true' \
    '"network.http.speculative-parallel-limit", 0' '"network.prefetch-next", false' \
    '"network.trr.mode", 5' '"security.certerrors.mitm.priming.enabled", false' \
    '"security.OCSP.enabled", 0' '"security.remote_settings.crlite_filters.enabled", false' \
    '"security.remote_settings.intermediates.enabled", false' '"toolkit.telemetry.enabled", false' \
    ${extra_pref:+"$extra_pref"}; do
    echo "user_pref($pref);"
  done >"$profile/user.js"
}

# largest FILE SENDER: the longest application_data record SENDER (client or
# server) sent, as the tap printed them; count and total likewise.
records() { awk -v who="$2" '$1 == "record" && $3 == who && $4 == 23 { print $5 }' "$1"; }
largest() { records "$@" | sort -n | tail -1; }
count() { records "$@" | wc -l; }
total() { records "$@" | awk '{ sum += $1 } END { print sum + 0 }'; }

failures=0
fail() {
  echo "FAIL ($label): $*"
  failures=$((failures + 1))
}

# check_version LABEL tls1.3|tls1.2 [PREF]: one page load through the tap,
# parley speaking only the given version, Firefox's profile with PREF.
check_version() {
  label=$1 version=$2
  local dir="$work/$1" extra_pref=${3:-} failures_before=$failures
  mkdir "$dir"
  start_parley_server "$parley" "$dir/server.log" --cert "$work/pki/server.pem" \
    --key "$work/pki/server.key" --www-root "$work/www" --"$version" \
    --record-size-limit "$our_limit" --no-tickets
  # The tap outlives the three tries below, not the test (ctest's TIMEOUT).
  "$tap" "$port" 180 >"$dir/tap.log" &
  local tap_pid=$!
  stop_at_exit "$tap_pid"
  wait_for_line "$dir/tap.log" "^listening" "$tap_pid" || { fail "the tap did not start"; return; }
  local tap_port
  tap_port=$(awk '$1 == "listening" { print $2 }' "$dir/tap.log")
  make_profile "$dir/profile" "$extra_pref"
  local query
  query=$(head -c "$url_bytes" /dev/zero | tr '\0' 'q')
  # timeout ends Firefox's whole process group; a fresh HOME keeps it out
  # of the user's. A loaded machine can make a start fail, so up to three
  # tries.
  mkdir "$dir/home"
  local attempt
  for attempt in 1 2 3; do
    HOME="$dir/home" MOZ_CRASHREPORTER_DISABLE=1 timeout -k 5 45 firefox-esr --headless \
      -no-remote -profile "$dir/profile" --screenshot "$dir/page.png" \
      "https://localhost:$tap_port/big.txt?$query" >"$dir/firefox.log" 2>&1 || true
    [ -s "$dir/page.png" ] && break
    echo "$label: attempt $attempt: Firefox rendered nothing; it said:"
    tail -5 "$dir/firefox.log"
  done

  local session peer_limit suite overhead
  session=$(grep "peer_record_size_limit=" "$dir/server.log" | head -1 || true)
  peer_limit=$(sed -n 's/.*peer_record_size_limit=\([0-9]*\).*/\1/p' <<<"$session")
  suite=$(sed -n 's/.* suite=\([^ ]*\).*/\1/p' <<<"$session")
  echo "$label: parley: $session"
  [ -n "$peer_limit" ] || { fail "parley saw no record_size_limit from Firefox"; return; }
  # RFC 8446 5.2: TLS 1.3 records carry a 16-byte tag and the limit counts
  # the content type; TLS 1.2's AES-GCM adds an 8-byte explicit nonce
  # (RFC 5288 3) to the tag, ChaCha20-Poly1305 only the tag (RFC 7905 2).
  overhead=16
  [[ $version == tls1.2 && $suite == *_GCM_* ]] && overhead=24

  local from_firefox from_parley
  from_firefox=$(largest "$dir/tap.log" client)
  from_parley=$(largest "$dir/tap.log" server)
  echo "$label: Firefox sent $(count "$dir/tap.log" client) records" \
    "($(total "$dir/tap.log" client) bytes, the longest ${from_firefox:-none}); parley" \
    "$(count "$dir/tap.log" server) ($(total "$dir/tap.log" server) bytes, the longest" \
    "${from_parley:-none})"
  [ "${from_firefox:-0}" -le $((our_limit + overhead)) ] ||
    fail "Firefox sent a record of $from_firefox bytes past parley's limit of $our_limit"
  # The request line alone needs three records of at most 512.
  [ "$(total "$dir/tap.log" client)" -ge "$url_bytes" ] && [ "$(count "$dir/tap.log" client)" -ge 3 ] ||
    fail "Firefox's request did not come in several records"
  # RFC 8449 4: in TLS 1.2 no limit lets a record's plaintext exceed 2^14.
  [[ $version == tls1.2 && $peer_limit -gt 16384 ]] && peer_limit=16384
  [ "${from_parley:-0}" -le $((peer_limit + overhead)) ] ||
    fail "parley sent a record of $from_parley bytes past Firefox's limit of $peer_limit"
  # Full-sized records: parley's own limit is no limit on what it sends.
  [ "${from_parley:-0}" -gt $((our_limit + overhead)) ] ||
    fail "parley sent no record longer than $our_limit"
  [ "$(total "$dir/tap.log" server)" -ge "$file_bytes" ] || fail "parley did not send the whole file"
  [ -s "$dir/page.png" ] || fail "Firefox did not render the page"
  ! grep -q "record_overflow" "$dir/server.log" || fail "a record overflowed"
  if [ "$failures" -gt "$failures_before" ]; then
    echo "--- parley server"; cat "$dir/server.log"
    echo "--- tap (first lines)"; head -40 "$dir/tap.log"
    echo "--- firefox"; tail -20 "$dir/firefox.log"
  fi
}

check_version tls1.3 tls1.3
# Firefox offers TLS 1.3 and 1.2 and parley picks 1.2: Firefox's limit is
# still the TLS 1.3 one (16385), which parley caps at 2^14.
check_version tls1.2 tls1.2
# Firefox offering TLS 1.2 alone (version.max 3) asks for 16384.
check_version tls1.2-only tls1.2 '"security.tls.version.max", 3'
if [ "$failures" -eq 0 ]; then
  echo "PASS: $(firefox-esr --version 2>/dev/null) kept to parley's record_size_limit of $our_limit" \
    "and parley to Firefox's, in TLS 1.3, TLS 1.2 and TLS 1.2 alone"
  exit 0
fi
exit 1
