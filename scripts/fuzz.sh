#!/usr/bin/env bash
# Builds the libFuzzer targets with clang-14 (ASan+UBSan) and runs each for
# the given number of seconds (default 30). Fails if any target crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}

scripts/deps.sh
cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DPARLEY_FUZZ=ON -DPARLEY_WERROR=ON \
  -DPARLEY_TESTS=OFF -DPARLEY_BENCH=OFF -DPARLEY_TOOLS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build-fuzz -j "$(nproc)"

# Seeds for the connection targets: real handshakes, recorded afresh.
build-fuzz/fuzz/parley_fuzz_seeds build-fuzz/seeds

shopt -s nullglob
targets=(build-fuzz/fuzz/parley_*_fuzz)
if [ ${#targets[@]} -eq 0 ]; then
  echo "no fuzz targets were built" >&2
  exit 1
fi
for target in "${targets[@]}"; do
  name=$(basename "$target")
  corpus="build-fuzz/corpus/$name"
  mkdir -p "$corpus"
  seed_dir="build-fuzz/seeds/${name#parley_}"
  seed_dir="${seed_dir%_fuzz}"
  seeds=()
  if [ -d "$seed_dir" ]; then seeds=("$seed_dir"); fi
  # Committed seeds (fuzz/seeds/<target>/*.der, each with the script that made them).
  committed="fuzz/seeds/${name#parley_}"
  committed="${committed%_fuzz}"
  if [ -d "$committed" ]; then seeds+=("$committed"); fi
  echo "== $name for ${seconds}s"
  "$target" -max_total_time="$seconds" -max_len=20000 -rss_limit_mb=2048 "$corpus" "${seeds[@]}" \
    2> "build-fuzz/$name.log" || { tail -50 "build-fuzz/$name.log"; exit 1; }
  grep -E '^Done|#[0-9]+.*DONE' "build-fuzz/$name.log" | tail -1 || true
done
echo "fuzz: ${#targets[@]} targets ran ${seconds}s each without a crash"
