#!/usr/bin/env bash
# Installs the Debian 12 packages parley's build, tests, demo and benchmarks
# need, skipping those already present. Needs root (or sudo) only when
# something is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ clang-14 libclang-rt-14-dev clang-format-14 pkg-config
  libssl-dev openssl libgtest-dev libgmock-dev libbenchmark-dev
  gnutls-bin libgnutls28-dev curl ca-certificates doxygen help2man
  libcli11-dev  # the parley command's option parser (tools/parley/args.cc)
  libasio-dev libboost-dev  # parley::asio and its Asio, Boost.Asio and Beast tests
  nlohmann-json3-dev  # the tests' reader of JSON test data (limbo, Wycheproof)
  zlib1g-dev libbrotli-dev libzstd-dev  # certificate compression (src/compress/, RFC 8879)
  valgrind  # the ML-KEM constant-time test (memcheck, valgrind/memcheck.h)
  firefox-esr libnss3-tools  # record_size_limit against Firefox (scripts/firefox_interop.sh;
                             # certutil makes its NSS database trust the test CA)
)

# node and npm run the ML-KEM cross-check against the npm mlkem package; a
# machine with its own Node.js (e.g. NodeSource's) keeps it.
command -v node >/dev/null && command -v npm >/dev/null || packages+=(nodejs npm)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! $sudo apt-get install -y --no-install-recommends "${missing[@]}"; then
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
