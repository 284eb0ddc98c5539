#!/usr/bin/env bash
# Creates the training virtualenv at <repo>/.venv and installs tools/training/requirements.txt (exact pins).
# Idempotent: skipped when .venv/.riskstream-requirements.sha256 matches the requirements file's sha256
# (and the Python interpreter still runs). Non-interactive; safe for CI.
# Also registers tools/training on the venv's sys.path (a .pth file), so `python -m riskstream_training.*`
# works from any directory with .venv/bin/python.
# Usage: bash tools/training/bootstrap.sh [--print-python]   # --print-python: print the venv's python path at the end
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${RISKSTREAM_VENV:-$ROOT/.venv}"
REQ="$HERE/requirements.txt"
STAMP="$VENV/.riskstream-requirements.sha256"
PY_BASE="${PYTHON:-python3}"

want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ] && "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
  echo "bootstrap(training): $VENV up to date" >&2
else
  command -v "$PY_BASE" >/dev/null 2>&1 || { echo "bootstrap(training): $PY_BASE not found (Python >= 3.10 required)" >&2; exit 1; }
  "$PY_BASE" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)' || { echo "bootstrap(training): Python >= 3.10 required" >&2; exit 1; }
  if [ ! -x "$VENV/bin/python" ]; then
    echo "bootstrap(training): creating $VENV" >&2
    "$PY_BASE" -m venv "$VENV" || {
      echo "bootstrap(training): 'python3 -m venv' failed (on Debian: apt-get install -y python3-venv)" >&2; exit 1; }
  fi
  echo "bootstrap(training): installing $(basename "$REQ") into $VENV" >&2
  export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
  "$VENV/bin/python" -m pip install --quiet --upgrade pip >&2
  "$VENV/bin/python" -m pip install --quiet -r "$REQ" >&2
  echo "$want" > "$STAMP"
fi
# make the package importable from the venv (idempotent)
site="$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
echo "$HERE" > "$site/riskstream_training.pth"
if [ "${1:-}" = "--print-python" ]; then echo "$VENV/bin/python"; fi
