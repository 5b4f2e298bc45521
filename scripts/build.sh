#!/usr/bin/env bash
# Configures and builds iotsql into build/ (the tool lands at build/iotsql).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" "$@" >/dev/null
cmake --build build -j "$(nproc)"
