#!/usr/bin/env bash
# Workload W1 (SELECT temp, device ... WHERE temp > 50) through iotsql and its peers on the same
# generated stream: a markdown table on stdout, and bench/results/w1_peers.{dat,png} (the chart
# needs gnuplot: apt-get install gnuplot-nox). Peers that are not installed are skipped:
#   jq       apt-get install jq
#   Node.js  apt-get install nodejs
#
# usage: bench/peers.sh [MESSAGES] [RUNS]      (defaults: 1000000 messages, 5 runs each)
# environment: IOTSQL=path/to/iotsql (default build/iotsql), RESULTS=dir (default bench/results),
#              BENCH_SECONDS=S for `iotsql bench` (default 3)
#
# Each run is one process, timed from start to exit (so a peer's start-up and its reading and
# writing are in its figure); the table shows the median and the range of the runs. Every run's
# output is checked: the number of output lines must be the number of matching messages.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
n=${1:-1000000}
runs=${2:-5}
iotsql=${IOTSQL:-$here/../build/iotsql}
results=${RESULTS:-$here/results}
seconds=${BENCH_SECONDS:-3}
rule=$here/rules/w1_filter_project.json
mkdir -p "$results"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 "$here/gen_messages.py" "$n" "$work/w1.ndjson" 2>"$work/gen.log"
python3 "$here/gen_messages.py" "$n" "$work/w1_envelope.ndjson" --envelope 2>/dev/null
expected=$(sed -n 's/.*expected matches for temp > 50: \([0-9]*\).*/\1/p' "$work/gen.log")
mb=$(($(wc -c <"$work/w1.ndjson") / 1000000))

now() { date +%s.%N; }
rate() { python3 -c "import sys; print(round($1 / ($3 - $2)))"; }  # messages start end
group() { python3 -c "print(f'{int($1):,}')"; }  # 1234567 -> 1,234,567
median_range() {  # numbers on stdin -> "median min max"
  python3 -c 'import statistics, sys; v = [float(x) for x in sys.stdin.read().split()]
print("%d %d %d" % (statistics.median(v), min(v), max(v)))'
}

# name | how | command (reads $work, writes $work/out); one result line per run into $work/<id>
declare -a ids labels hows
add_result() { ids+=("$1"); labels+=("$2"); hows+=("$3"); }

check_output() {  # peer, lines
  if [ "$2" != "$expected" ]; then
    echo "peers.sh: $1 wrote $2 lines, expected $expected" >&2
    exit 1
  fi
}

run_whole_process() {  # id label how command...
  local id=$1 label=$2 how=$3
  shift 3
  : >"$work/$id"
  for ((r = 1; r <= runs; r++)); do
    local t0 t1
    t0=$(now)
    "$@" <"$work/in" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    t1=$(now)
    check_output "$label" "$(wc -l <"$work/out")"
    rate "$n" "$t0" "$t1" >>"$work/$id"
    printf '  %s run %d: %s messages/s\n' "$label" "$r" "$(tail -1 "$work/$id")" >&2
  done
  add_result "$id" "$label" "$how"
}

echo "W1 on $n messages ($mb MB of payload, $expected matches), $runs runs each;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2

if [ -x "$iotsql" ]; then
  : >"$work/iotsql_bench"
  for ((r = 1; r <= runs; r++)); do
    "$iotsql" bench "$rule" --input "$work/w1_envelope.ndjson" --seconds "$seconds" --json \
      >"$work/bench.json"
    python3 - "$work/bench.json" "$expected" "$n" >>"$work/iotsql_bench" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
want = int(sys.argv[2]) / int(sys.argv[3])
if abs(r["matches_per_message"] - want) > 0.01:
    sys.exit("iotsql bench: %s matches a message, expected %s" % (r["matches_per_message"], want))
print(round(r["messages_per_second"]))
EOF
    printf '  iotsql bench run %d: %s messages/s\n' "$r" "$(tail -1 "$work/iotsql_bench")" >&2
  done
  add_result iotsql_bench "iotsql bench" \
    "in-process: the messages replayed from memory through RuleEngine::Publish, ${seconds} s"
  ln -sf "$work/w1_envelope.ndjson" "$work/in"
  run_whole_process iotsql_run "iotsql run" \
    "whole process: read and parse the message lines, evaluate, write each action request as an NDJSON line (--sinks log)" \
    "$iotsql" run "$rule" --input - --sinks log
else
  echo "peers.sh: no iotsql at $iotsql (build it, or set IOTSQL): skipped" >&2
fi

ln -sf "$work/w1.ndjson" "$work/in"
if command -v node >/dev/null; then
  run_whole_process node "Node.js $(node --version)" \
    "whole process: JSON.parse + if + JSON.stringify (bench/w1_node.js)" node "$here/w1_node.js"
else
  echo "peers.sh: node not installed: skipped" >&2
fi
if command -v jq >/dev/null; then
  run_whole_process jq "$(jq --version)" \
    "whole process: jq -c 'select(.temp > 50) | {temp, device}'" \
    jq -c 'select(.temp > 50) | {temp, device}'
else
  echo "peers.sh: jq not installed: skipped" >&2
fi

# The table, and the data file the chart is drawn from.
jq_median=""
for i in "${!ids[@]}"; do
  [ "${ids[$i]}" == jq ] && jq_median=$(median_range <"$work/jq" | cut -d' ' -f1)
done
{
  echo "# W1 on $n messages, $runs runs each, $(date -u +%Y-%m-%d), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "# label median_msgs_per_s min max"
} >"$results/w1_peers.dat"
echo
echo "| peer | what is timed | messages/s (median of $runs) | range | vs jq |"
echo "|---|---|---|---|---|"
for i in "${!ids[@]}"; do
  read -r med lo hi < <(median_range <"$work/${ids[$i]}")
  vs="—"
  [ -n "$jq_median" ] && vs=$(python3 -c "print('%.1fx' % ($med / $jq_median))")
  printf '| %s | %s | %s | %s to %s | %s |\n' "${labels[$i]}" "${hows[$i]//|/\\|}" \
    "$(group "$med")" "$(group "$lo")" "$(group "$hi")" "$vs"
  printf '"%s" %s %s %s\n' "${labels[$i]}" "$med" "$lo" "$hi" >>"$results/w1_peers.dat"
done

if command -v gnuplot >/dev/null; then
  gnuplot -e "dat='$results/w1_peers.dat'; png='$results/w1_peers.png'; runs=$runs; n='$(group "$n")'" \
    "$here/w1_peers.gp"
  echo >&2
  echo "wrote $results/w1_peers.dat and $results/w1_peers.png" >&2
else
  echo "wrote $results/w1_peers.dat (no gnuplot: apt-get install gnuplot-nox for the chart)" >&2
fi
