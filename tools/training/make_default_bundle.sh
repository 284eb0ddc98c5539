#!/usr/bin/env bash
# Regenerates the committed default bundle (libs/scoring/assets/default-bundle) from synthetic data that the
# project may redistribute: 30,000 rows from riskstream_training.synth (seed 7), normal training mode, seed 42.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
PY="$(bash "$HERE/bootstrap.sh" --print-python)"
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT
"$PY" -m riskstream_training.synth --rows 30000 --seed 7 --out "$TMP/synthetic-credit-risk.csv"
"$PY" -m riskstream_training.train --data "$TMP/synthetic-credit-risk.csv" \
  --out "$ROOT/libs/scoring/assets/default-bundle" --seed 42 "$@"
