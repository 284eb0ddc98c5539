#!/usr/bin/env bash
# Runs a project script with Node 24, installed dependencies and built libraries, whatever Node the machine has:
#   bash tools/bootstrap/run-node.sh <script.mjs> [args...]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
script="${1:?usage: tools/bootstrap/run-node.sh <script.mjs> [args...]}"; shift
script="$(cd "$(dirname "$script")" && pwd)/$(basename "$script")"
cd "$ROOT"
eval "$(bash tools/bootstrap/node.sh --env)"
bash tools/stack/stack.sh deps >&2
NX_DAEMON=false NX_NO_CLOUD=true node_modules/.bin/nx run-many -t build --outputStyle=static >/dev/null
cd "$OLDPWD" 2>/dev/null || true
exec node "$script" "$@"
