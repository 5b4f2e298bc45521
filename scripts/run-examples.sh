#!/usr/bin/env bash
# The main job: installs what is missing, builds, and runs the bundled example rules on the
# bundled messages.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
examples/run.sh build/iotsql
