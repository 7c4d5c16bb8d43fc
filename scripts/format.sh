#!/usr/bin/env bash
# Checks that every C++ file git tracks follows .clang-format (clang-format-14);
# with --fix, rewrites them instead.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
mode=(--dry-run -Werror)
if [ "${1:-}" = "--fix" ]; then mode=(-i); fi
git ls-files -z --cached --others --exclude-standard '*.cc' '*.h' | xargs -0 clang-format-14 "${mode[@]}"
echo "format: every C++ file follows .clang-format"
