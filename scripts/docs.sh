#!/usr/bin/env bash
# Builds the API reference and the guide (docs/) with Doxygen into
# build-docs/html. Warnings are errors (Doxyfile: WARN_AS_ERROR), so an
# undocumented public declaration or a broken reference fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
rm -rf build-docs
mkdir -p build-docs
doxygen --version
doxygen Doxyfile
echo "docs: build-docs/html/index.html"
