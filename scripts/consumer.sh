#!/usr/bin/env bash
# The consumer test: installs parley (static, then shared) into a temporary
# prefix, then builds tests/consumer/ against each install twice, with
# find_package(parley CONFIG REQUIRED) and with pkg-config (--static for the
# static install), and runs every build against the installed
# `parley server --echo`: four combinations, each a real handshake; with the
# CMake package also a parley::asio client.
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

# Runs a command with its output in $work/step.log, shown only on failure.
quietly() {
  if ! "$@" >"$work/step.log" 2>&1; then
    tail -n 40 "$work/step.log"
    echo "consumer: failed: $*" >&2
    exit 1
  fi
}

# A CA and a leaf for localhost.
pki=$work/pki
scripts/test_pki.sh "$pki"

# Runs one consumer binary against a fresh `parley server --echo --once`
# from the install.
run_against_server() {
  local prefix=$1 consumer=$2 log=$work/server.log
  "$prefix/bin/parley" server --accept 127.0.0.1:0 --cert "$pki/server.pem" --key "$pki/server.key" \
    --echo --once 2>"$log" &
  server_pid=$!
  local port=""
  for _ in $(seq 100); do
    port=$(sed -n 's/^parley: listening on 127.0.0.1:\([0-9]*\)$/\1/p' "$log")
    [ -n "$port" ] && break
    sleep 0.05
  done
  [ -n "$port" ] || { cat "$log"; echo "consumer: the server did not start" >&2; exit 1; }
  "$consumer" "$pki/ca.pem" "$pki/server.pem" "$pki/server.key" "$port"
  wait "$server_pid"
  server_pid=""
}

for kind in static shared; do
  shared=OFF
  [ "$kind" = shared ] && shared=ON
  prefix=$work/prefix-$kind
  echo "=== install ($kind) into $prefix"
  # Release and position-independent in both, so the second build's objects
  # are ccache hits of the first's. Warnings are the main build's business
  # (scripts/test.sh, -Werror); -O3 adds false positives of its own.
  quietly cmake -S . -B "$work/build-$kind" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DBUILD_SHARED_LIBS=$shared -DPARLEY_TESTS=OFF \
    -DPARLEY_BENCH=OFF -DCMAKE_INSTALL_PREFIX="$prefix"
  quietly nice cmake --build "$work/build-$kind" -j "$(nproc)"
  quietly cmake --install "$work/build-$kind"
  "$prefix/bin/parley" --version
  # Only the public headers are installed.
  unexpected=$(cd "$prefix/include" && find . -type f ! -path './parley/*.h')
  [ -z "$unexpected" ] || { echo "consumer: installed beyond include/parley/: $unexpected"; exit 1; }
  if [ "$kind" = shared ]; then
    soname=$(objdump -p "$prefix/lib/libparley.so" | sed -n 's/^ *SONAME *//p')
    echo "SONAME $soname"
    # Only the public API leaves the shared library.
    exported=$(nm -DC --defined-only "$prefix/lib/libparley.so" | grep -c ' parley::' || true)
    internal=$(nm -DC --defined-only "$prefix/lib/libparley.so" |
      grep -E 'parley::(common|crypto|codec|record|x509|handshake|io|cli)::' || true)
    [ -z "$internal" ] || { echo "consumer: internal symbols exported:"; echo "$internal"; exit 1; }
    echo "exports $exported parley:: symbols, none from an internal namespace"
  fi

  echo "--- $kind, find_package(parley CONFIG REQUIRED)"
  quietly cmake -S tests/consumer -B "$work/consumer-$kind-cmake" -G Ninja \
    -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_RPATH="$prefix/lib"
  quietly cmake --build "$work/consumer-$kind-cmake"
  run_against_server "$prefix" "$work/consumer-$kind-cmake/consumer"
  # parley::asio (header-only): exported when parley was built with Asio,
  # which deps.sh installs.
  if [ -x "$work/consumer-$kind-cmake/asio_consumer" ]; then
    run_against_server "$prefix" "$work/consumer-$kind-cmake/asio_consumer"
  elif [ -f /usr/include/asio.hpp ]; then
    echo "consumer: Asio is installed but the package exports no parley::asio" >&2
    exit 1
  fi

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
