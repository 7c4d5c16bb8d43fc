#!/usr/bin/env bash
# The consumer test: installs parley (static, then shared) into a temporary
# prefix, then builds tests/consumer/ against each install twice, with
# find_package(parley CONFIG REQUIRED) and with pkg-config (--static for the
# static install), and runs every build against the installed
# `parley server --echo`: four combinations, each a real handshake.
#   scripts/consumer.sh [WORK_DIR]   (default build-consumer/, removed after)
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$PWD
work=${1:-$source_dir/build-consumer}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$(dirname "$source_dir")}
rm -rf "$work"
mkdir -p "$work"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# A CA and a leaf for localhost.
pki=$work/pki
mkdir -p "$pki"
openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
  -subj "/CN=parley consumer test CA" -keyout "$pki/ca.key" -out "$pki/ca.pem" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  2>/dev/null
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" \
  -keyout "$pki/leaf.key" -out "$pki/leaf.csr" 2>/dev/null
printf '%s\n' "subjectAltName=DNS:localhost" "extendedKeyUsage=serverAuth" \
  "keyUsage=critical,digitalSignature" "authorityKeyIdentifier=keyid" \
  "subjectKeyIdentifier=hash" >"$pki/leaf.ext"
openssl x509 -req -in "$pki/leaf.csr" -CA "$pki/ca.pem" -CAkey "$pki/ca.key" -CAcreateserial \
  -days 2 -extfile "$pki/leaf.ext" -out "$pki/leaf.pem" 2>/dev/null

# Runs one consumer binary against a fresh `parley server --echo --once`
# from the install.
run_against_server() {
  local prefix=$1 consumer=$2 log=$work/server.log
  "$prefix/bin/parley" server --accept 127.0.0.1:0 --cert "$pki/leaf.pem" --key "$pki/leaf.key" \
    --echo --once 2>"$log" &
  server_pid=$!
  local port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^parley: listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$log")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { cat "$log"; echo "consumer: the server did not start" >&2; exit 1; }
  "$consumer" "$pki/ca.pem" "$pki/leaf.pem" "$pki/leaf.key" "$port"
  wait "$server_pid"
  server_pid=""
}

for kind in static shared; do
  shared=OFF
  [ "$kind" = shared ] && shared=ON
  prefix=$work/prefix-$kind
  echo "=== install ($kind) into $prefix"
  # Release and position-independent in both, so the second build's objects
  # are ccache hits of the first's.
  cmake -S . -B "$work/build-$kind" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_SHARED_LIBS=$shared -DPARLEY_TESTS=OFF \
    -DPARLEY_BENCH=OFF -DPARLEY_WERROR=ON -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
  nice cmake --build "$work/build-$kind" -j "$(nproc)" >/dev/null
  cmake --install "$work/build-$kind" >/dev/null
  "$prefix/bin/parley" --version
  # Only the public headers are installed.
  unexpected=$(cd "$prefix/include" && find . -type f ! -path './parley/*.h')
  [ -z "$unexpected" ] || { echo "consumer: installed beyond include/parley/: $unexpected"; exit 1; }
  if [ "$kind" = shared ]; then
    soname=$(objdump -p "$prefix/lib/libparley.so" | sed -n 's/^ *SONAME *//p')
    echo "SONAME $soname"
  fi

  echo "--- $kind, find_package(parley CONFIG REQUIRED)"
  cmake -S tests/consumer -B "$work/consumer-$kind-cmake" -G Ninja \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$prefix/lib" >/dev/null
  cmake --build "$work/consumer-$kind-cmake" >/dev/null
  run_against_server "$prefix" "$work/consumer-$kind-cmake/consumer"

  echo "--- $kind, pkg-config"
  static_flag=()
  [ "$kind" = static ] && static_flag=(--static)
  export PKG_CONFIG_PATH=$prefix/lib/pkgconfig
  read -r -a flags <<<"$(pkg-config "${static_flag[@]}" --cflags --libs parley)"
  echo "pkg-config ${static_flag[*]} --cflags --libs parley: ${flags[*]}"
  c++ -std=c++20 tests/consumer/consumer.cc "${flags[@]}" -Wl,-rpath,"$prefix/lib" \
    -o "$work/consumer-$kind-pkg-config"
  run_against_server "$prefix" "$work/consumer-$kind-pkg-config"
done
echo "=== consumer test passed: static and shared, CMake package and pkg-config"
