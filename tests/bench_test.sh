#!/usr/bin/env bash
# End-to-end test of `iotsql bench`: a short run on generated W1 messages, text and --json.
set -u
bin="$1"
root="$2"
# shellcheck source=check_lib.sh
source "$(dirname "$0")/check_lib.sh"
rule="$root/bench/rules/w1_filter_project.json"
python3 "$root/bench/gen_messages.py" 2000 "$tmp/m.ndjson" --envelope 2>/dev/null

# --json: one object with every figure; W1 keeps about half the messages (989 of 2000).
"$bin" bench "$rule" --input "$tmp/m.ndjson" --seconds 0.3 --threads 2 --json \
  >"$tmp/j.out" 2>"$tmp/j.err"
check "json exit code" 0 "$?"
check "json stderr is empty" "" "$(cat "$tmp/j.err")"
python3 - "$tmp/j.out" >"$tmp/j.check" 2>&1 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
problems = []
for key in ["messages_per_second", "messages_per_cpu_second", "mb_per_second", "matches",
            "evaluations", "allocations_per_message"]:
    if key not in r:
        problems.append("no " + key)
if r["rules"] != 1 or r["input_messages"] != 2000 or r["threads"] != 2 or r["errors"] != 0:
    problems.append("rules/input_messages/threads/errors: %s" % r)
if not r["messages"] > 2000 or not r["messages_per_second"] > 0:
    problems.append("too few messages: %s" % r["messages"])
if abs(r["matches_per_message"] - 989 / 2000) > 0.02:
    problems.append("matches_per_message %s" % r["matches_per_message"])
if r["evaluations"] < r["messages"] or r["evaluations"] > r["messages"] + 20000:
    problems.append("evaluations %s for %s messages" % (r["evaluations"], r["messages"]))
lat = r["latency_ns"]
if not 0 < lat["p50"] <= lat["p99"] or lat["samples"] == 0:
    problems.append("latency %s" % lat)
print("\n".join(problems) or "ok")
PY
check "json figures" "ok" "$(cat "$tmp/j.check")"

# The text report.
"$bin" bench "$rule" --input "$tmp/m.ndjson" --seconds 0.2 >"$tmp/t.out" 2>"$tmp/t.err"
check "text exit code" 0 "$?"
head -1 "$tmp/t.out" | grep -q "^iotsql bench: 1 rules, 2000 messages (.* MB of payload), 1 thread, 0.2 s$"
check "text header" 0 "$?"
for word in throughput "MB/s" matches latency allocations; do
  grep -q "$word" "$tmp/t.out"
  check "text has $word" 0 "$?"
done

# Errors: a bad line stops the run (the figure would be for other messages), usage errors.
printf '{"topic": "a/b", "payload": {}}\nnot json\n' >"$tmp/bad.ndjson"
"$bin" bench "$rule" --input "$tmp/bad.ndjson" --seconds 0.1 >/dev/null 2>"$tmp/bad.err"
check "bad line exit code" 1 "$?"
grep -q "bad.ndjson:2: column 1: not valid JSON" "$tmp/bad.err"
check "bad line reported" 0 "$?"
"$bin" bench "$rule" --input "$tmp/m.ndjson" --threads 0 >/dev/null 2>&1
check "--threads 0 is a usage error" 2 "$?"
"$bin" bench "$rule" --input "$tmp/m.ndjson" --seconds x >/dev/null 2>&1
check "--seconds x is a usage error" 2 "$?"
"$bin" bench --input "$tmp/m.ndjson" >/dev/null 2>&1
check "no rules is a usage error" 2 "$?"

finish bench_test
