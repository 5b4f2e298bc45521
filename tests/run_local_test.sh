#!/usr/bin/env bash
# End-to-end test of `iotsql run --sinks local` (the default): a small rule set whose actions land
# as files, SQLite rows and NDJSON lines under --out, a failure caught by an error action, one
# dead-lettered, and counters that reconcile in the summary and the Prometheus text.
#   run_local_test.sh PATH/TO/iotsql
set -u
bin="$1"
# shellcheck source=check_lib.sh
source "$(dirname "$0")/check_lib.sh"
# The sqlite3 shell when there is one, else Python's module: the same query either way.
sql() {  # database, query
  if command -v sqlite3 >/dev/null; then
    sqlite3 "$1" "$2"
  else
    python3 -c 'import sqlite3,sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, row)))' "$1" "$2"
  fi
}
mkdir -p "$tmp/rules"

cat >"$tmp/rules/archive.json" <<'JSON'
{"sql": "SELECT * FROM 'fleet/+/telemetry'", "awsIotSqlVersion": "2016-03-23",
 "actions": [{"s3": {"bucketName": "archive", "key": "${topic(2)}/${timestamp()}.json", "roleArn": "r"}}]}
JSON
cat >"$tmp/rules/readings.json" <<'JSON'
{"sql": "SELECT topic(2) AS device, temp FROM 'fleet/+/telemetry'", "awsIotSqlVersion": "2016-03-23",
 "actions": [{"dynamoDB": {"tableName": "Readings", "hashKeyField": "device", "hashKeyValue": "${topic(2)}",
   "rangeKeyField": "ts", "rangeKeyValue": "${timestamp()}", "rangeKeyType": "NUMBER", "roleArn": "r"}},
  {"dynamoDBv2": {"putItem": {"tableName": "Latest"}, "roleArn": "r"}}]}
JSON
# (dynamoDBv2 keys Latest by the first member of its first item, `device`: one item per device.)
cat >"$tmp/rules/alerts.json" <<'JSON'
{"sql": "SELECT topic(2) AS device, temp FROM 'fleet/+/telemetry' WHERE temp > 50",
 "awsIotSqlVersion": "2016-03-23",
 "actions": [{"sns": {"targetArn": "arn:aws:sns:us-east-1:123456789012:hot", "roleArn": "r"}},
  {"lambda": {"functionArn": "arn:aws:lambda:us-east-1:123456789012:function:notify"}}]}
JSON
# A key with '..' is refused (INVALID_ARGUMENT, not retried): the error action catches it.
cat >"$tmp/rules/caught.json" <<'JSON'
{"sql": "SELECT * FROM 'fleet/+/bad'", "awsIotSqlVersion": "2016-03-23",
 "actions": [{"s3": {"bucketName": "archive", "key": "../${topic(2)}", "roleArn": "r"}}],
 "errorAction": {"sns": {"targetArn": "arn:aws:sns:us-east-1:123456789012:rule-errors", "roleArn": "r"}}}
JSON
# The same failure without an error action: dead-lettered.
cat >"$tmp/rules/lost.json" <<'JSON'
{"sql": "SELECT * FROM 'fleet/+/bad'", "awsIotSqlVersion": "2016-03-23",
 "actions": [{"s3": {"bucketName": "archive", "key": "../lost/${topic(2)}", "roleArn": "r"}}]}
JSON
{
  for i in 1 2 3 4 5 6; do
    printf '{"topic": "fleet/dev-%d/telemetry", "payload": {"temp": %d.5, "humidity": 40}, "timestamp": %d}\n' \
      $((i % 3)) $((i * 15)) $((1700000000000 + i))
  done
  printf '{"topic": "fleet/dev-9/bad", "payload": {"x": 1}, "timestamp": 1700000000100}\n'
} >"$tmp/messages.ndjson"

# The Lambda "function" is a shell command: the event arrives on stdin.
"$bin" run "$tmp/rules" --input "$tmp/messages.ndjson" --out "$tmp/out" \
  --lambda-command "cat >>'$tmp/events.ndjson'; echo >>'$tmp/events.ndjson'" --metrics "$tmp/metrics.txt" \
  >"$tmp/summary.txt" 2>"$tmp/err.txt"
check "a dead letter makes exit code 1" 1 "$?"
grep -q "1 action requests failed for good: see $tmp/out/dead-letter.ndjson" "$tmp/err.txt"
check "stderr points at the dead letters" 0 "$?"

out="$tmp/out"
# S3: one file per object.
check "s3 objects" 6 "$(find "$out/s3/archive" -type f | wc -l)"
check "s3 object body" '{"temp":15.5,"humidity":40}' "$(cat "$out/s3/archive/dev-1/1700000000001.json")"
[ ! -e "$tmp/lost" ] && [ ! -e "$out/s3/lost" ]
check "'..' in a key escapes nothing" 0 "$?"
# DynamoDB in SQLite.
check "dynamoDB rows (hash + range key)" "6" "$(sql "$out/dynamodb.sqlite" 'SELECT count(*) FROM Readings')"
check "dynamoDB item" 'dev-2|1700000000002|{"device":"dev-2","ts":1700000000002,"payload":{"device":"dev-2","temp":30.5}}' \
  "$(sql "$out/dynamodb.sqlite" "SELECT pk, sk, item FROM Readings WHERE pk = 'dev-2' ORDER BY sk LIMIT 1")"
check "dynamoDBv2: one item per device, the last write wins" \
  'dev-0|90.5
dev-1|60.5
dev-2|75.5' \
  "$(sql "$out/dynamodb.sqlite" "SELECT pk, json_extract(item, '\$.temp') FROM Latest ORDER BY pk")"
# SNS: one line per message.
check "sns lines" 3 "$(wc -l <"$out/sns/hot.ndjson")"
grep -q '"message":"{\\"device\\":\\"dev-1\\",\\"temp\\":60.5}"' "$out/sns/hot.ndjson" ||
  grep -q '"message":{"device":"dev-1","temp":60.5}' "$out/sns/hot.ndjson"
check "sns message" 0 "$?"
# Lambda: the command ran once per invocation, the log has its output.
check "lambda command invocations" 3 "$(wc -l <"$tmp/events.ndjson")"
grep -q '^{"device":"dev-2","temp":75.5}$' "$tmp/events.ndjson"
check "lambda event on stdin" 0 "$?"
# The error action: an SNS line carrying the AWS error document.
check "error action lines" 1 "$(wc -l <"$out/sns/rule-errors.ndjson")"
grep -q 'failedAction' "$out/sns/rule-errors.ndjson"
check "error document" 0 "$?"
# The dead letter.
check "dead letters" 1 "$(wc -l <"$out/dead-letter.ndjson")"
grep -q '"ruleName":"lost".*"error":{"code":"INVALID_ARGUMENT"' "$out/dead-letter.ndjson"
check "dead letter names rule and error" 0 "$?"

# The summary reconciles: 6 (archive) + 12 (readings) + 6 (alerts) + 1 (caught) + 1 (lost).
grep -q "^  actions   26 requests = 24 delivered + 1 error-actioned + 1 dead-lettered (0 retries)$" \
  "$tmp/summary.txt"
check "summary totals" 0 "$?"
grep -q "^  sink      local: 25 delivered, 2 failed attempts (0 retryable)$" "$tmp/summary.txt"
check "sink stats" 0 "$?"
grep -q "^  landed    $out/s3/archive/ (6 objects)$" "$tmp/summary.txt"
check "summary lists the bucket" 0 "$?"
grep -q "^  landed    $out/dynamodb.sqlite Readings (6 items)$" "$tmp/summary.txt"
check "summary lists the table" 0 "$?"
grep -q "^  landed    $out/sns/hot.ndjson (3 lines)$" "$tmp/summary.txt"
check "summary lists the topic" 0 "$?"
grep -Eq "^  lost/0 +1 +0 +0 +1 +0$" "$tmp/summary.txt"
check "action table row" 0 "$?"
grep -q 'iotsql_action_dead_lettered_total{rule="lost",action="0",kind="s3"} 1' "$tmp/metrics.txt"
check "prometheus dead_lettered" 0 "$?"
grep -q 'iotsql_action_error_actions_total{rule="caught",action="0",kind="s3"} 1' "$tmp/metrics.txt"
check "prometheus error_actions" 0 "$?"

# Each action of each rule: outputs = sent + error actions + dead-lettered, from the metrics.
python3 - "$tmp/metrics.txt" <<'PY'
import re, sys, collections
m = collections.defaultdict(int)
for line in open(sys.argv[1]):
    g = re.match(r'(iotsql_\w+)\{rule="(\w+)"(?:,action="(\d+)",kind="\w+")?\} (\d+)', line)
    if g:
        m[(g[1], g[2], g[3])] = int(g[4])
bad = 0
for (name, rule, action), v in list(m.items()):
    if name != "iotsql_action_sent_total" or action is None:
        continue
    outputs = m[("iotsql_rule_outputs_total", rule, None)]
    total = v + m[("iotsql_action_error_actions_total", rule, action)] + m[("iotsql_action_dead_lettered_total", rule, action)]
    if outputs != total:
        print(f"{rule}/{action}: outputs {outputs} != {total}")
        bad += 1
sys.exit(1 if bad else 0)
PY
check "every action reconciles in the Prometheus text" 0 "$?"

# A second run adds to the NDJSON files, replaces objects and items.
"$bin" run "$tmp/rules/alerts.json" --input "$tmp/messages.ndjson" --out "$out" >/dev/null 2>&1
check "second run exit code" 0 "$?"
check "sns lines appended" 6 "$(wc -l <"$out/sns/hot.ndjson")"
check "without --lambda-command invocations are logged" 3 "$(wc -l <"$out/lambda/notify.ndjson")"

finish run_local
