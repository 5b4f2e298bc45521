#!/usr/bin/env bash
# Runs the bundled rules (examples/rules/*.json) on the bundled messages (examples/messages.ndjson)
# with the local action backend (the default: no AWS account needed), then shows what landed:
# S3 objects as files, DynamoDB items as SQLite rows, SNS messages and Lambda invocations as
# NDJSON lines.
#   examples/run.sh [path/to/iotsql]        (default: build/iotsql; output: build/example-out)
set -euo pipefail
bin="${1:-build/iotsql}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
cd "$(dirname "$0")/.."
out=build/example-out

# A fresh directory, so that the counts below are this run's (NDJSON files are appended to).
rm -rf "$out"
"$bin" run examples/rules --input examples/messages.ndjson --out "$out" \
  --proto-descriptors examples/descriptors  # decode(*, 'proto', ...) reads descriptor sets here

echo
echo "== S3 objects: $out/s3/<bucket>/<key> (first 3 of $(find "$out/s3" -type f | wc -l))"
find "$out/s3" -type f | sort | head -n 3 | while read -r f; do
  printf '%s\n    %s\n' "$f" "$(head -c 160 "$f")"
done

echo
echo "== a protobuf payload decoded (rule protobuf_devices, descriptor set in examples/descriptors)"
f="$out/s3/decoded-devices/dev-7.json"
[ -f "$f" ] && printf '%s\n    %s\n' "$f" "$(head -c 160 "$f")"

echo
echo "== DynamoDB items: $out/dynamodb.sqlite (one SQLite table per tableName)"
query() {
  if command -v sqlite3 >/dev/null; then
    sqlite3 "$out/dynamodb.sqlite" "$1"
  else
    python3 -c 'import sqlite3,sys
for row in sqlite3.connect(sys.argv[1]).execute(sys.argv[2]): print("|".join(map(str, row)))' \
      "$out/dynamodb.sqlite" "$1"
  fi
}
for table in $(query "SELECT table_name FROM _iotsql_tables ORDER BY table_name"); do
  echo "\$ sqlite3 $out/dynamodb.sqlite \"SELECT pk, sk, item FROM $table LIMIT 2\""
  query "SELECT pk, sk, item FROM \"$table\" LIMIT 2"
done

for dir in sns lambda; do
  for file in "$out/$dir"/*.ndjson; do
    [ -f "$file" ] || continue
    echo
    echo "== $file ($(wc -l <"$file") lines, first 1)"
    head -n 1 "$file"
  done
done
