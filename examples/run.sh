#!/usr/bin/env bash
# Runs the bundled rules (examples/rules/*.json) on the bundled messages (examples/messages.ndjson)
# and shows the summary and a few of the action requests they produced.
#   examples/run.sh [path/to/iotsql]        (default: build/iotsql; output: build/example-out)
set -euo pipefail
bin="${1:-build/iotsql}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
cd "$(dirname "$0")/.."

"$bin" run examples/rules --input examples/messages.ndjson --out build/example-out

for kind in sns dynamoDB s3; do
  file="build/example-out/actions/$kind.ndjson"
  [ -f "$file" ] || continue
  echo
  echo "== $file (first 2 lines)"
  head -n 2 "$file"
done
