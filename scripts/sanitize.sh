#!/usr/bin/env bash
# The sanitizer builds and the fuzz smoke run (scripts/run-tests.sh runs all three).
#
#   scripts/sanitize.sh [--fuzz-time SECONDS] [--build-prefix P] [address] [thread] [fuzz]
#
#   address  P-asan: clang, AddressSanitizer + UndefinedBehaviorSanitizer (-DIOTSQL_FUZZ=ON,
#            which also builds the fuzz targets there); runs every ctest test
#   thread   P-tsan: clang, ThreadSanitizer; runs the engine's tests (iotsql_engine_tests:
#            rules, concurrency, delivery, documents, C API, topic index, limits)
#   fuzz     every fuzz target for --fuzz-time seconds (default 20) in P-asan, one per core
#
# P is "build" (build-asan, build-tsan) unless --build-prefix says otherwise.
# With no step named, all three run in that order. Any sanitizer report fails the step: ASan and
# UBSan abort on the first one, TSan exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

fuzz_time=20
prefix=build
steps=()
while (($#)); do
  case "$1" in
    --fuzz-time) fuzz_time=$2; shift 2 ;;
    --build-prefix) prefix=$2; shift 2 ;;
    address|thread|fuzz) steps+=("$1"); shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "sanitize.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
((${#steps[@]})) || steps=(address thread fuzz)
jobs=$(nproc)

configure() {  # DIR, cmake options...
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DIOTSQL_BUILD_BENCH=OFF "$@" >/dev/null
  fi
}

for step in "${steps[@]}"; do
  start=$(date +%s)
  case "$step" in
    address)
      echo "== AddressSanitizer + UndefinedBehaviorSanitizer: every test ($prefix-asan)"
      configure "$prefix-asan" -DIOTSQL_FUZZ=ON
      cmake --build "$prefix-asan" -j "$jobs"
      # Leak checking stays on; UBSan prints a stack and stops at the first report. The
      # Mosquitto plug-in cannot load into Debian's uninstrumented broker without the sanitizer
      # runtimes (broker_serve runs the same code in our own, instrumented process).
      (cd "$prefix-asan" &&
        ASAN_OPTIONS="${ASAN_OPTIONS:-detect_stack_use_after_return=1:strict_string_checks=1}" \
        UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
        ctest --output-on-failure -j "$jobs" -E '^broker_plugin$')
      ;;
    thread)
      echo "== ThreadSanitizer: the engine's tests ($prefix-tsan)"
      configure "$prefix-tsan" -DIOTSQL_SANITIZE=thread
      cmake --build "$prefix-tsan" -j "$jobs" --target iotsql_engine_tests
      TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}" \
        "$prefix-tsan/iotsql_engine_tests" --gtest_brief=1
      ;;
    fuzz)
      echo "== fuzz smoke run: every target for ${fuzz_time} s ($prefix-asan)"
      configure "$prefix-asan" -DIOTSQL_FUZZ=ON
      # A generous per-input timeout: a busy CI machine must not turn a slow input into a finding.
      scripts/fuzz.sh --build-dir "$prefix-asan" --time "$fuzz_time" --jobs "$jobs" --timeout 60
      ;;
  esac
  echo "== $step: $(($(date +%s) - start)) s"
done
