#!/usr/bin/env bash
# Runs a benchmark with the project's Node 24 and installed dependencies: bash tools/bench/run.sh <name> [args...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
name="${1:?usage: tools/bench/run.sh <pipeline|inference> [args...]}"; shift
eval "$(bash tools/bootstrap/node.sh --env)"
bash tools/stack/stack.sh deps >&2
export NX_DAEMON=false NX_NO_CLOUD=true
node_modules/.bin/nx run-many -t build --outputStyle=static >&2
exec node "tools/bench/$name.bench.mjs" "$@"
