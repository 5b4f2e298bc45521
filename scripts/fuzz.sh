#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (clang, AddressSanitizer + UndefinedBehaviorSanitizer)
# and runs them.
#
#   scripts/fuzz.sh [--time SECONDS] [--runs N] [--until N] [--jobs N] [--build-dir DIR]
#                   [--ledger FILE] [--timeout SECONDS] [--report] [--no-build] [TARGET...]
#
#   --time S       run each target for S seconds (default 20)
#   --runs N       or for N executions each (libFuzzer -runs)
#   --until N      or until the ledger holds N executions of the target (a campaign: targets
#                  already there are skipped)
#   --jobs N       targets run at the same time (default: the number of cores)
#   --ledger F     the ledger to append to and count from (default <build-dir>/fuzz-ledger.tsv;
#                  tests/fuzz/campaign-ledger.tsv is the project's record of campaigns)
#   --report       print the ledger's totals per target as a Markdown table, and stop
#   --timeout S    an input running longer is a finding (default 10; raise it for niced
#                  campaigns on a busy machine, where a starved process can take that long)
#   --build-dir D  build directory (default build-fuzz); its fuzz-corpus/<target> keeps what
#                  each target found across runs, fuzz-artifacts/<target> any finding
#   TARGET         compile eval template rule_document validate topic json_differential
#                  vm_differential protobuf (default: all)
#
# Each run starts from the seeds (tests/fuzz/corpus/<target>, written by make_corpus.py), the
# saved regressions (tests/fuzz/regressions/<target>) and what earlier runs found, and prints one
# line per target: executions, seconds, executions per second, corpus size. Every run is also
# appended to the ledger (target, date, executions, seconds, result, commit, sanitizers), whose
# totals per target are printed at the end. Exit status 1 if any target found something: its
# input is in fuzz-artifacts/<target>/ and the line says how to replay it.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

time_s=20
runs=""
until=""
ledger=""
report=0
timeout_s=10
jobs=$(nproc)
build=build-fuzz
do_build=1
targets=()
while (($#)); do
  case "$1" in
    --time) time_s=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --until) until=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --timeout) timeout_s=$2; shift 2 ;;
    --ledger) ledger=$2; shift 2 ;;
    --report) report=1; shift ;;
    --build-dir) build=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done
all=(compile eval template rule_document validate topic json_differential vm_differential protobuf)
((${#targets[@]})) || targets=("${all[@]}")
case "$build" in /*) ;; *) build="$root/$build" ;; esac

# Inputs longer than these only slow a target down without reaching more code (vm_differential
# turns 512 bytes into a statement of a few hundred tokens and a payload).
max_len() {
  case "$1" in
    topic|template|vm_differential) echo 512 ;;
    compile) echo 1024 ;;
    eval|rule_document|validate) echo 2048 ;;
    *) echo 4096 ;;
  esac
}

# libFuzzer's entropic schedule spends more than half of these targets' time updating feature
# frequencies (they have many small features); the plain schedule runs them 1.7 to 3 times as
# fast.
extra_flags() {
  case "$1" in
    vm_differential|validate) echo -entropic=0 ;;
  esac
}

# Allocation stacks of 4 frames and a smaller quarantine: the targets allocate a lot (ANTLR),
# and a finding is replayed with full reports anyway.
export ASAN_OPTIONS="${ASAN_OPTIONS:-malloc_context_size=4:quarantine_size_mb=64}"

if ((report)); then
  ledger=${ledger:-$build/fuzz-ledger.tsv}
  echo "| target | executions | seconds (wall) | runs | runs that stopped on a finding | 10 million |"
  echo "|---|---:|---:|---:|---:|---|"
  awk -F'\t' 'NR > 1 { e[$1] += $3; s[$1] += $4; n[$1]++; if ($5 == "FINDING") f[$1]++ }
    END { for (t in e) printf "| `%s` | %d | %d | %d | %d | %s |\n", t, e[t], s[t], n[t], f[t],
          (e[t] >= 10000000 ? "reached" : sprintf("%.0f%%", 100 * e[t] / 10000000)) }' "$ledger" |
    sort
  exit 0
fi

if ((do_build)); then
  if [ ! -f "$build/build.ninja" ]; then
    CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
      -DIOTSQL_FUZZ=ON -DIOTSQL_BUILD_TESTS=OFF -DIOTSQL_BUILD_BENCH=OFF >/dev/null
  fi
  cmake --build "$build" -j "$(nproc)" --target $(printf '%s_fuzz ' "${targets[@]}")
fi

ledger=${ledger:-$build/fuzz-ledger.tsv}
[ -f "$ledger" ] ||
  printf 'target\tdate\texecutions\tseconds\tresult\tcommit\tsanitizers\n' > "$ledger"
commit=$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo -)
git -C "$root" diff --quiet HEAD -- src tests ':!tests/fuzz/campaign-ledger.tsv' 2>/dev/null || commit="$commit+changes"
sanitizers=$(sed -n 's/^IOTSQL_FUZZ_SANITIZE:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null)
# The ledger's last column says how the binaries were built: their sanitizers, and whether the
# generated parser had coverage hooks (IOTSQL_FUZZ_GRAMMAR_COVERAGE).
if grep -q '^IOTSQL_FUZZ_GRAMMAR_COVERAGE:BOOL=OFF' "$build/CMakeCache.txt" 2>/dev/null; then
  sanitizers="${sanitizers:-address,undefined} (parser without coverage)"
fi

executions() {  # TARGET: its total in the ledger
  awk -F'\t' -v t="$1" '$1 == t { e += $3 } END { print e + 0 }' "$ledger"
}

run_one() {
  local t=$1
  local corpus="$build/fuzz-corpus/$t" artifacts="$build/fuzz-artifacts/$t/" log="$build/fuzz-logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
  local dirs=("$corpus" "$root/tests/fuzz/corpus/$t")
  [ -d "$root/tests/fuzz/regressions/$t" ] && dirs+=("$root/tests/fuzz/regressions/$t")
  local limit=(-max_total_time="$time_s")
  [ -n "$runs" ] && limit=(-runs="$runs")
  if [ -n "$until" ]; then
    local left=$((until - $(executions "$t")))
    if ((left <= 0)); then
      echo "$t: $(executions "$t") executions in the ledger, not running"
      return 0
    fi
    limit=(-runs="$left")
  fi
  local start end rc=0
  start=$(date +%s.%N)
  # shellcheck disable=SC2046
  "$build/${t}_fuzz" "${limit[@]}" -max_len="$(max_len "$t")" -rss_limit_mb=2048 -timeout="$timeout_s" \
    $(extra_flags "$t") -print_final_stats=1 -artifact_prefix="$artifacts" "${dirs[@]}" \
    > "$log" 2>&1 || rc=$?
  end=$(date +%s.%N)
  local execs seconds units result
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  seconds=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }')
  units=$(find "$corpus" -type f | wc -l)
  result=ok
  if ((rc != 0)); then
    result="FINDING"
    execs=${execs:-$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | tail -n 1 | grep -o '[0-9]*$' || echo 0)}
  fi
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$(date -u +%FT%TZ)" "${execs:-0}" "$seconds" \
    "$result" "$commit" "${sanitizers:-address,undefined}" >> "$ledger"
  printf '%-18s %12s executions in %5s s (%s/s), corpus %s  %s\n' "$t" "${execs:-0}" "$seconds" \
    "$(awk -v e="${execs:-0}" -v s="$seconds" 'BEGIN { printf "%.0f", (s > 0 ? e / s : e) }')" \
    "$units" "$result"
  if ((rc != 0)); then
    grep -E 'iotsql fuzz:|ERROR: |SUMMARY: ' -A2 "$log" | head -n 12 | sed 's/^/    /'
    local found
    found=$(ls -t "$artifacts" 2>/dev/null | head -n 1)
    echo "    input: $artifacts$found (log: $log)"
    echo "    replay: $build/${t}_fuzz $artifacts$found"
    return 1
  fi
}

failed=0
running=0
for t in "${targets[@]}"; do
  [ -x "$build/${t}_fuzz" ] || { echo "fuzz.sh: no target $t in $build" >&2; exit 2; }
  run_one "$t" &
  running=$((running + 1))
  if ((running >= jobs)); then
    wait -n || failed=1  # whichever ends first frees its core
    running=$((running - 1))
  fi
done
while ((running > 0)); do
  wait -n || failed=1
  running=$((running - 1))
done

echo "totals so far (from $ledger):"
awk -F'\t' 'NR > 1 { e[$1] += $3; s[$1] += $4; if ($5 == "FINDING") f[$1]++ }
  END { for (t in e) printf "  %-18s %12d executions, %7d s%s\n", t, e[t], s[t],
        f[t] ? ", " f[t] " run(s) with findings" : "" }' "$ledger" | sort
exit "$failed"
