#!/usr/bin/env bash
# End-to-end tests of the command-line tool: exit codes, stdout and stderr as a user sees them.
set -u
bin="$1"
root="$2"
# shellcheck source=check_lib.sh
source "$(dirname "$0")/check_lib.sh"

out=$(printf '%s\n' '{"temp": 60, "device": "a"}' '{"temp": 10, "device": "b"}' 'not json' '{"temp": 70}' |
      "$bin" eval --sql "SELECT temp, device FROM 'sensors/+/data' WHERE temp > 50" 2>"$tmp/err")
rc=$?
check "eval output" $'{"temp":60,"device":"a"}\n{"temp":70}' "$out"
check "eval exit code with a bad line" 1 "$rc"
check "eval reports the bad line" "line 3: not a JSON document; skipped" "$(cat "$tmp/err")"

out=$(echo '{"a":1}' | "$bin" eval --sql "SELECT a FROM 'x/y'" --topic other/topic)
check "eval topic mismatch prints nothing" "" "$out"

out=$(echo '{"v":10.0}' | "$bin" eval --sql "SELECT v FROM 't'" --sql-version 2016-03-23)
check "eval v2 whole decimal" '{"v":10}' "$out"
out=$(echo '{"v":10.0}' | "$bin" eval --sql "SELECT v FROM 't'")
check "eval default version is 2015-10-08" '{"v":10.0}' "$out"

out=$(echo '{}' | "$bin" eval --sql "SELECT clientid() AS c, timestamp() AS t FROM 't'" \
      --context '{"clientid": "dev-1", "timestamp": 1234}')
check "eval context" '{"c":"dev-1","t":1234}' "$out"

"$bin" eval --sql "SELECT a[0] FROM 't'" </dev/null 2>"$tmp/err"
check "compile error exit code" 1 "$?"
grep -q "get(a, 0)" "$tmp/err"
check "compile error names the AWS way" 0 "$?"

"$bin" eval </dev/null 2>/dev/null
check "missing --sql is a usage error" 2 "$?"
"$bin" eval --sql "SELECT 1 AS x" --bogus </dev/null 2>/dev/null
check "unknown option is a usage error" 2 "$?"
"$bin" frobnicate 2>/dev/null
check "unknown command is a usage error" 2 "$?"
for c in eval explain conformance; do
  "$bin" $c --help | grep -q "usage: iotsql $c"
  check "$c --help" 0 "$?"
done

out=$("$bin" explain --sql "SELECT temp FROM 'a/+' WHERE temp > 50" --sql-version 2016-03-23)
echo "$out" | grep -q "COMPARE_CONST"
check "explain lists bytecode" 0 "$?"
"$bin" explain --sql "SELECT temp FROM 'a/+'" --ast | grep -q "Ident"
check "explain --ast" 0 "$?"

printf '%s\n' '{"id":"ok","sql":"SELECT 1 AS a FROM '"'"'t'"'"'","sql_version":"2016-03-23","topic":"t","payload":{},"expect":{"a":1},"confidence":"derived"}' \
  '{"id":"bad","sql":"SELECT 2 AS a FROM '"'"'t'"'"'","sql_version":"2016-03-23","topic":"t","payload":{},"expect":{"a":1},"confidence":"derived"}' \
  '{"id":"soft","sql":"SELECT 2 AS a FROM '"'"'t'"'"'","sql_version":"2016-03-23","topic":"t","payload":{},"expect":{"a":1},"confidence":"unverified"}' \
  > "$tmp/vectors.jsonl"
out=$("$bin" conformance "$tmp/vectors.jsonl")
rc=$?
check "conformance exit code" 1 "$rc"
check "conformance summary" "conformance: 1 passed, 1 failed, 1 skipped" "$(echo "$out" | tail -1)"
echo "$out" | grep -q '^FAIL bad: expected {"a":1}, got {"a":2}$'
check "conformance failure line" 0 "$?"

finish cli
