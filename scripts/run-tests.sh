#!/usr/bin/env bash
# The test command: installs what is missing, builds, runs every test, then runs the same suite
# under AddressSanitizer + UndefinedBehaviorSanitizer, the engine's tests under ThreadSanitizer,
# and every fuzz target for IOTSQL_FUZZ_TIME seconds (scripts/sanitize.sh).
# IOTSQL_SKIP_SANITIZERS=1 stops after the plain suite (a quick local check).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
(cd build && ctest --output-on-failure -j "$(nproc)")
if [ "${IOTSQL_SKIP_SANITIZERS:-0}" != 1 ]; then
  scripts/sanitize.sh --fuzz-time "${IOTSQL_FUZZ_TIME:-20}"
fi
