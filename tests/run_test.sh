#!/usr/bin/env bash
# End-to-end tests of `iotsql run --sinks log`: rule files in, action request NDJSON and a
# summary out. (The local backend has its own test: run_local_test.sh.)
set -u
bin="$1"
root="$2"
# shellcheck source=check_lib.sh
source "$(dirname "$0")/check_lib.sh"

# The bundled examples.
"$bin" run "$root/examples/rules" --input "$root/examples/messages.ndjson" --sinks log --out "$tmp/ex" \
  --proto-descriptors "$root/examples/descriptors" >"$tmp/ex.out" 2>"$tmp/ex.err"
check "examples exit code" 0 "$?"
check "examples stderr is empty" "" "$(cat "$tmp/ex.err")"
head -1 "$tmp/ex.out" | grep -q "^iotsql run: 13 rules, 50 messages in [0-9.]* s$"
check "examples summary" 0 "$?"
for kind in s3 sns lambda dynamoDB dynamoDBv2; do
  [ -s "$tmp/ex/actions/$kind.ndjson" ]
  check "examples wrote $kind.ndjson" 0 "$?"
done
delivered=$(grep -o '[0-9][0-9]* delivered' "$tmp/ex.out" | head -1 | cut -d' ' -f1)
check "every action line is written" "$delivered" "$(cat "$tmp/ex/actions/"*.ndjson | wc -l)"
grep -q '"rule":"archive_all_telemetry","action":0,"kind":"s3","topic":"fleet/austin/dev-015/frame"' \
  "$tmp/ex/actions/s3.ndjson"
check "binary pass-through is written as base64" 0 "$?"
grep '"topic":"fleet/austin/dev-015/frame"' "$tmp/ex/actions/s3.ndjson" | grep -q '"payload_base64":"AAECA/8="'
check "binary payload bytes" 0 "$?"
grep '"rule":"protobuf_devices"' "$tmp/ex/actions/s3.ndjson" | grep -q 'deviceId.*dev-7.*"key":"dev-7.json"\|"key":"dev-7.json".*deviceId.*dev-7'
check "protobuf payload decoded with the local descriptor set" 0 "$?"

# Rules and messages of our own.
mkdir -p "$tmp/rules"
cat >"$tmp/rules/keep.json" <<'JSON'
{"sql": "SELECT * FROM 'in/+'", "actions": [{"s3": {"bucketName": "b",
 "key": "${topic(2)}/${clientid()}/${timestamp()}", "roleArn": "arn:aws:iam::1:role/r"}}]}
JSON
cat >"$tmp/rules/hot.json" <<'JSON'
{"sql": "SELECT temp FROM 'in/+' WHERE temp > 50", "awsIotSqlVersion": "2016-03-23",
 "actions": [{"sns": {"targetArn": "arn:aws:sns:us-east-1:1:${topic(2)}", "roleArn": "r"}}]}
JSON
cat >"$tmp/messages.ndjson" <<'NDJSON'
{"topic": "in/a", "payload": {"temp": 10.0, "n": 1.50}, "clientid": "c1", "timestamp": 1000}

{"topic": "in/b", "payload": {"temp": 60.0}, "timestamp": 2000}
not json
{"topic": "in/c"}
{"topic": "in/+", "payload": {}}
{"topic": "in/d", "payload_base64": "AAH/", "timestamp": 3000}
{"topic": "in/e", "payload": "text", "timestamp": 4000}
NDJSON
"$bin" run "$tmp/rules" --input "$tmp/messages.ndjson" --sinks log --out "$tmp/out" >"$tmp/out.txt" 2>"$tmp/err.txt"
check "bad lines make exit code 1" 1 "$?"
check "bad lines are reported with their numbers" \
"$tmp/messages.ndjson:4: column 1: not valid JSON: invalid literal (expected a value); skipped
$tmp/messages.ndjson:5: give exactly one of \"payload\" (JSON) and \"payload_base64\"; skipped
$tmp/messages.ndjson:6: 'in/+' is a topic filter: messages are published to topic names; skipped" \
  "$(cat "$tmp/err.txt")"
check "summary counts" "iotsql run: 2 rules, 4 messages (3 lines skipped)" \
  "$(head -1 "$tmp/out.txt" | sed 's/ in [0-9.]* s$//')"
check "payload text kept exactly (2015-10-08 keeps 10.0 and 1.50)" \
  '{"rule":"keep","action":0,"kind":"s3","topic":"in/a","clientid":"c1","params":{"bucketName":"b","key":"a/c1/1000","roleArn":"arn:aws:iam::1:role/r"},"payload":{"temp":10.0,"n":1.50}}' \
  "$(head -1 "$tmp/out/actions/s3.ndjson")"
check "2016-03-23 output and rendered targetArn" \
  '{"rule":"hot","action":0,"kind":"sns","topic":"in/b","clientid":"","params":{"targetArn":"arn:aws:sns:us-east-1:1:b","roleArn":"r"},"payload":{"temp":60}}' \
  "$(cat "$tmp/out/actions/sns.ndjson")"
check "base64 input is binary output" '"payload_base64":"AAH/"}' \
  "$(sed -n 3p "$tmp/out/actions/s3.ndjson" | grep -o '"payload_base64":.*')"
check "a JSON string payload" '"payload":"text"}' \
  "$(sed -n 4p "$tmp/out/actions/s3.ndjson" | grep -o '"payload":.*')"

# Without --out the actions go to stdout and the summary to stderr.
printf '%s\n' '{"topic": "in/z", "payload": {"temp": 99}, "timestamp": 5}' |
  "$bin" run "$tmp/rules/hot.json" --input - --sinks log >"$tmp/stdout.txt" 2>"$tmp/stderr.txt"
check "stdout mode exit code" 0 "$?"
check "stdout mode action" \
  '{"rule":"hot","action":0,"kind":"sns","topic":"in/z","clientid":"","params":{"targetArn":"arn:aws:sns:us-east-1:1:z","roleArn":"r"},"payload":{"temp":99}}' \
  "$(cat "$tmp/stdout.txt")"
grep -q "^iotsql run: 1 rules, 1 messages" "$tmp/stderr.txt"
check "stdout mode summary on stderr" 0 "$?"

# A bad rule file stops the run before any message: file:line:column.
mkdir -p "$tmp/bad"
printf '{\n  "sql": "SELECT a[0] AS x FROM '"'t'"'",\n  "actions": []\n}\n' >"$tmp/bad/broken.json"
printf '{"sql": "SELECT 1 AS a FROM '"'t'"'", "actions": [],}\n' >"$tmp/bad/comma.json"
"$bin" run "$tmp/bad" --input "$tmp/messages.ndjson" --out "$tmp/bad_out" >"$tmp/o" 2>"$tmp/e"
check "bad rules exit code" 1 "$?"
grep -q "^$tmp/bad/comma.json:1:49: not valid JSON: trailing comma before }$" "$tmp/e"
check "bad JSON rule file: file:line:column" 0 "$?"
"$bin" run "$tmp/bad/broken.json" --input "$tmp/messages.ndjson" >"$tmp/o" 2>"$tmp/e"
grep -q "^$tmp/bad/broken.json:2:19: error: array indexing" "$tmp/e"
check "bad SQL: file:line:column" 0 "$?"
grep -q "not started" "$tmp/e"
check "bad rules: the run does not start" 0 "$?"
check "bad rules: no actions written" "" "$(cat "$tmp/o")"
mkdir -p "$tmp/hyphen"
cp "$tmp/rules/hot.json" "$tmp/hyphen/too-hot.json"
"$bin" run "$tmp/hyphen" --input "$tmp/messages.ndjson" >/dev/null 2>"$tmp/e"
grep -q "rename the file to too_hot.json" "$tmp/e"
check "a hyphen in a file name suggests a valid name" 0 "$?"

"$bin" run --input "$tmp/messages.ndjson" 2>/dev/null
check "no rules is a usage error" 2 "$?"
"$bin" run "$tmp/rules" 2>/dev/null
check "no --input is a usage error" 2 "$?"
"$bin" run "$tmp/rules" --input "$tmp/messages.ndjson" --sinks nope 2>/dev/null
check "an unknown sink is a usage error" 2 "$?"
"$bin" run "$tmp/rules" --input "$tmp/messages.ndjson" --region us-east-1 2>/dev/null
check "--region without --sinks aws is a usage error" 2 "$?"
"$bin" run "$tmp/rules" --input "$tmp/messages.ndjson" --sinks log --lambda-url http://x 2>/dev/null
check "--lambda-url without --sinks local is a usage error" 2 "$?"
"$bin" run "$tmp/rules" --input "$tmp/messages.ndjson" --threads 0 2>/dev/null
check "--threads 0 is a usage error" 2 "$?"
"$bin" run --help | grep -q "usage: iotsql run"
check "run --help" 0 "$?"

# AWS's 8 topic levels by default; --max-topic-levels raises the limit for deeper topics.
mkdir -p "$tmp/deep"
cat >"$tmp/deep/r.json" <<'JSON'
{"sql": "SELECT * FROM 'a/2/3/4/5/6/7/8/9'", "actions": [{"s3": {"bucketName": "b",
 "key": "k", "roleArn": "arn:aws:iam::123456789012:role/r"}}]}
JSON
echo '{"topic": "a/2/3/4/5/6/7/8/9", "payload": {"x": 1}}' >"$tmp/deep/m.ndjson"
"$bin" run "$tmp/deep/r.json" --input "$tmp/deep/m.ndjson" --sinks log --out "$tmp/deep/o" \
  >/dev/null 2>"$tmp/deep/err"
check "a 9-level filter is a rule error by default" 1 "$?"
grep -q "AWS topics have at most 8 (max_topic_levels)" "$tmp/deep/err"
check "the error names the limit" 0 "$?"
"$bin" run "$tmp/deep/r.json" --input "$tmp/deep/m.ndjson" --sinks log --out "$tmp/deep/o" \
  --max-topic-levels 12 >"$tmp/deep/out" 2>&1
check "--max-topic-levels 12 runs it" 0 "$?"
grep -q "outputs   1 " "$tmp/deep/out"
check "the 9-level message matches" 0 "$?"

finish run
