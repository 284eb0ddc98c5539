#!/usr/bin/env bash
# Ensures Helm (for the chart's tests) at the version below. Prints the path of the `helm` binary.
# Helm publishes its binaries on get.helm.sh, which our build machines do not reach; Go's module proxy does, so Helm
# is built from its module (a few minutes the first time) into .tools/helm. HELM=/path/to/helm uses another one.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
VERSION=v3.19.0
DEST="$ROOT/.tools/helm/$VERSION"

if [ -n "${HELM:-}" ]; then
  [ -x "$HELM" ] || { echo "bootstrap: HELM=$HELM is not an executable" >&2; exit 1; }
  echo "$HELM"
  exit 0
fi
if [ ! -x "$DEST/helm" ]; then
  command -v go >/dev/null 2>&1 || { echo "bootstrap: Go is required to build Helm $VERSION (helm.sh/helm/v3), or set HELM" >&2; exit 1; }
  echo "bootstrap: building Helm $VERSION from Go's module proxy into .tools/helm" >&2
  mkdir -p "$DEST"
  # The version stamp that a release build sets, so that `helm version` tells the truth.
  GOBIN="$DEST" GOFLAGS=-mod=mod go install \
    -ldflags "-X helm.sh/helm/v3/internal/version.version=$VERSION" "helm.sh/helm/v3/cmd/helm@$VERSION" >&2
  [ -x "$DEST/helm" ] || { echo "bootstrap: go install did not produce $DEST/helm" >&2; exit 1; }
fi
echo "$DEST/helm"
