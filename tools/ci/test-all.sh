#!/usr/bin/env bash
# The README's test command (`npm test`): every check of the repository, counted together.
#
#   lint          nx run-many -t lint                       one check: passed or failed
#   typecheck     nx run-many -t typecheck                  one check: passed or failed
#   unit          vitest --project unit                     every test counts
#   integration   vitest --project integration              every test counts (real Kafka + PostgreSQL)
#   training      pytest tools/training/tests               every test counts (when that folder exists)
#
# Needs Kafka and PostgreSQL for the integration tests: it runs `tools/stack/stack.sh infra-up --no-hooks`
# (idempotent) and, at the end, stops only what that call started (so under .ci/run, or with `npm run up` already
# running, it stops nothing). KAFKA_BROKERS / DATABASE_URL point it at existing servers instead.
# A step that cannot produce results (no tests found, crash, no report) counts as one failure, never as a pass.
# Reports: .run/test-reports/ (vitest JSON, pytest JUnit XML). The last line is exactly `N passed, N failed`;
# the exit code is non-zero when anything failed.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT" || exit 1
REPORTS="$ROOT/.run/test-reports"
STACK="$ROOT/tools/stack/stack.sh"
export NX_DAEMON="${NX_DAEMON:-false}"
export NX_NO_CLOUD="${NX_NO_CLOUD:-true}"

PASSED=0
FAILED=0
SUMMARY=()
STARTED_INFRA=()
CLEANED=0

say() { echo "test-all: $*" >&2; }
banner() { printf '\n==================== %s ====================\n' "$*" >&2; }
record() { # record <name> <passed> <failed> <note>
  PASSED=$(( PASSED + $2 )); FAILED=$(( FAILED + $3 ))
  SUMMARY+=("$(printf '%-13s %6s passed %6s failed   %s' "$1" "$2" "$3" "$4")")
}

cleanup() {
  [ "$CLEANED" = 1 ] && return 0
  CLEANED=1
  if [ ${#STARTED_INFRA[@]} -gt 0 ]; then
    say "stopping what this run started: ${STARTED_INFRA[*]}"
    bash "$STACK" infra-down "${STARTED_INFRA[@]}" >&2 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

eval "$(bash "$ROOT/tools/bootstrap/node.sh" --env)" || { echo "test-all: could not bootstrap Node 24"; echo "0 passed, 1 failed"; exit 1; }
export RISKSTREAM_NODE_READY=1
rm -rf "$REPORTS"
mkdir -p "$REPORTS"
T0=$(date +%s)

# ------------------------------------------------------------------------------------------------ infrastructure
banner "infrastructure"
was_running=()
for c in kafka postgres; do bash "$STACK" is-running "$c" && was_running+=("$c"); done
INFRA_OK=1
if bash "$STACK" infra-up --no-hooks; then
  for c in kafka postgres; do
    if bash "$STACK" is-running "$c" && [[ " ${was_running[*]-} " != *" $c "* ]]; then STARTED_INFRA+=("$c"); fi
  done
  # shellcheck disable=SC1091
  source "$ROOT/.run/stack.env"
else
  INFRA_OK=0
  for c in kafka postgres; do
    if bash "$STACK" is-running "$c" && [[ " ${was_running[*]-} " != *" $c "* ]]; then STARTED_INFRA+=("$c"); fi
  done
  record infra 0 1 "stack.sh infra-up failed: integration tests not run"
fi

nx() { "$ROOT/node_modules/.bin/nx" "$@"; }

# ------------------------------------------------------------------------------------------------ lint, typecheck
nx_check() { # nx_check <target>
  local target="$1" projects t rc
  banner "$target"
  projects="$(nx show projects --with-target "$target" 2>/dev/null | sed '/^\s*$/d' | wc -l)"
  if [ "$projects" -eq 0 ]; then
    record "$target" 0 1 "no project has a '$target' target"
    return
  fi
  t=$(date +%s)
  nx run-many -t "$target" --outputStyle=static >&2
  rc=$?
  if [ $rc -eq 0 ]; then record "$target" 1 0 "$projects projects ($(( $(date +%s) - t ))s)"
  else record "$target" 0 1 "nx run-many -t $target exited $rc ($projects projects)"; fi
}
nx_check lint
nx_check typecheck

# ------------------------------------------------------------------------------------------------ vitest
vitest_project() { # vitest_project <unit|integration>
  local project="$1" out="$REPORTS/vitest-$1.json" t rc counts p f s total
  banner "vitest $project"
  t=$(date +%s)
  "$ROOT/node_modules/.bin/vitest" run --project "$project" \
    --reporter=default --reporter=json --outputFile.json="$out" >&2
  rc=$?
  counts="$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const n = (k) => Number(r[k] ?? 0);
    console.log(n("numPassedTests"), n("numFailedTests"), n("numPendingTests") + n("numTodoTests"), n("numTotalTests"));
  ' "$out" 2>/dev/null)" || counts=""
  if [ -z "$counts" ]; then
    record "$project" 0 1 "vitest exited $rc and wrote no report"
    return
  fi
  read -r p f s total <<<"$counts"
  if [ "$total" -eq 0 ]; then
    record "$project" 0 1 "no tests ran (vitest exit $rc)"
    return
  fi
  local note="$total tests, $s skipped ($(( $(date +%s) - t ))s)"
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
    f=1; note="$note; vitest exited $rc without a failing test (a file failed to load or an error escaped a test)"
  fi
  record "$project" "$p" "$f" "$note"
}
vitest_project unit
if [ "$INFRA_OK" = 1 ]; then
  vitest_project integration
else
  record integration 0 1 "not run: Kafka/PostgreSQL unavailable"
fi

# ------------------------------------------------------------------------------------------------ pytest
if [ -d "$ROOT/tools/training/tests" ]; then
  banner "pytest tools/training/tests"
  if [ ! -x "$ROOT/.venv/bin/python" ] && [ -f "$ROOT/tools/training/bootstrap.sh" ]; then
    say "no .venv yet: bash tools/training/bootstrap.sh"
    bash "$ROOT/tools/training/bootstrap.sh" >&2 || say "tools/training/bootstrap.sh failed"
  fi
  if [ ! -x "$ROOT/.venv/bin/python" ]; then
    record training 0 1 ".venv/bin/python missing (bash tools/training/bootstrap.sh)"
  else
    t=$(date +%s)
    xml="$REPORTS/pytest.xml"
    "$ROOT/.venv/bin/python" -m pytest tools/training/tests -q --junitxml="$xml" >&2
    rc=$?
    if [ $rc -eq 5 ]; then
      record training 0 1 "pytest collected no tests (exit 5)"
    else
      counts="$("$ROOT/.venv/bin/python" - "$xml" <<'EOF' 2>/dev/null
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root.iter("testsuite"))
tot = {k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
print(tot["tests"] - tot["failures"] - tot["errors"] - tot["skipped"], tot["failures"] + tot["errors"], tot["skipped"], tot["tests"])
EOF
)" || counts=""
      if [ -z "$counts" ]; then
        record training 0 1 "pytest exited $rc and wrote no report"
      else
        read -r p f s total <<<"$counts"
        note="$total tests, $s skipped ($(( $(date +%s) - t ))s)"
        if [ "$total" -eq 0 ]; then
          record training 0 1 "no tests ran (pytest exit $rc)"
        else
          if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; note="$note; pytest exited $rc without a failing test"; fi
          record training "$p" "$f" "$note"
        fi
      fi
    fi
  fi
fi

# ------------------------------------------------------------------------------------------------ summary
cleanup
{
  banner "summary ($(( $(date +%s) - T0 ))s, reports in .run/test-reports/)"
  printf '%s\n' "${SUMMARY[@]}"
} >&2
echo
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
