#!/usr/bin/env bash
# BoringSSL's BoGo conformance suite (../shared/bogo, BoringSSL 88a537fe4)
# against parley's shim (tests/bogo/shim.cc), every TLS test that
# tests/bogo/config.json does not disable, with the reason it gives.
#   scripts/bogo.sh [runner flags...]   e.g. -test 'CurveTest-*'
# Builds the runner (Debian's Go, offline) and the shim in build/, prints the
# passed/failed/unimplemented counts and fails on any FAILED test.
# Unimplemented (exit 89) marks a feature parley does not have yet.
set -euo pipefail
cd "$(dirname "$0")/.."

bogo_dir=${PARLEY_BOGO_DIR:-"$(cd .. && pwd)/shared/bogo"}
build_dir=build
out_dir="$build_dir/bogo"

scripts/deps.sh
if [ ! -f "$build_dir/build.ninja" ]; then
  cmake -S . -B "$build_dir" -G Ninja -DPARLEY_WERROR=ON
fi
cmake --build "$build_dir" -j "$(nproc)" --target parley_bogo_shim
if [ ! -x "$out_dir/runner.test" ] || [ "$bogo_dir/BORINGSSL_COMMIT" -nt "$out_dir/runner.test" ]; then
  "$bogo_dir/build.sh" "$out_dir"
fi

log="$out_dir/results/runner.log"
status=0
BOGO_RUNNER="$out_dir/runner.test" BOGO_RESULTS_DIR="$out_dir/results" \
  BOGO_SHIM_CONFIG=tests/bogo/config.json BOGO_TIMEOUT=${BOGO_TIMEOUT:-20m} \
  "$bogo_dir/run.sh" "$build_dir/tests/parley_bogo_shim" -allow-unimplemented "$@" \
  > "$out_dir/run.out" 2>&1 || status=$?

failed=$(grep -c '^FAILED (' "$log" || true)
if [ "$failed" -gt 0 ]; then
  echo "=== BoGo failures (details in $log):"
  grep '^FAILED (' "$log"
fi
# Disabled tests appear nowhere in the output: count every test once with a
# shim that implements nothing (a few seconds), and subtract those that ran.
total=$("$out_dir/runner.test" -shim-path "$bogo_dir/examples/unimplemented_shim.sh" \
          -allow-unimplemented -pipe 2>/dev/null | grep -c '^UNIMPLEMENTED (' || true)
summary=$(tail -n 1 "$out_dir/run.out")
ran=$(sed -n 's/.* ran=\([0-9]*\).*/\1/p' <<<"$summary")
echo "$summary disabled=$(( total - ${ran:-0} )) total=$total"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
