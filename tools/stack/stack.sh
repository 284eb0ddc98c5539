#!/usr/bin/env bash
# The local riskstream stack: Kafka + PostgreSQL (infra/) and the seven NestJS services, no Docker needed.
#
#   bash tools/stack/stack.sh up           # infra-up + build + start all services + wait ready + demo stream
#   bash tools/stack/stack.sh down         # stop the services (SIGTERM, then SIGKILL), then the infra
#   bash tools/stack/stack.sh services-down  # stop the services only (Kafka and PostgreSQL keep running)
#   bash tools/stack/stack.sh status       # what runs where
#   bash tools/stack/stack.sh infra-up [--no-hooks]  # Node 24, npm ci if needed, Kafka jars, Kafka, PostgreSQL,
#                                          # then topics + migrations (skipped with --no-hooks)
#   bash tools/stack/stack.sh infra-down [kafka|postgres]...
#   bash tools/stack/stack.sh deps [--force]            # npm ci when node_modules is missing or the lockfile changed
#   bash tools/stack/stack.sh is-running kafka|postgres # exit 0 when this repo's local server runs
#
# Everything is idempotent: `up` twice starts nothing twice. Runtime state lives in .run/ (pids, logs, stack.env),
# data in .data/ (both git-ignored).
#
# Environment:
#   KAFKA_BROKERS   use this Kafka cluster (host:port[,host:port]) instead of starting the local broker
#   DATABASE_URL    use this PostgreSQL instead of starting the embedded one
#   KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (9093), PGPORT (5433): ports of the local servers
#   STACK_READY_TIMEOUT (120)  seconds each service gets to answer /health/ready
#   STACK_STOP_TIMEOUT  (30)   seconds each service gets to shut down on SIGTERM before SIGKILL
#   STACK_DEMO (1)             0 skips the demo stream at the end of `up`
#   STACK_BIND_HOST (127.0.0.1) address the services listen on
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
RUN_DIR="$ROOT/.run"
LOG_DIR="$RUN_DIR/logs"
STACK_ENV="$RUN_DIR/stack.env"
DEPS_STAMP="$ROOT/node_modules/.riskstream-lock.sha256"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
PGPORT="${PGPORT:-5433}"
READY_TIMEOUT="${STACK_READY_TIMEOUT:-120}"
STOP_TIMEOUT="${STACK_STOP_TIMEOUT:-30}"
export NX_DAEMON="${NX_DAEMON:-false}" # leave no daemon behind; set NX_DAEMON=true for faster repeated runs
export NX_NO_CLOUD="${NX_NO_CLOUD:-true}"

# service:port, in start order (consumers before the gateway that feeds them).
SERVICES=(
  "model-registry:3006"
  "ingestion:3001"
  "features:3002"
  "scoring:3003"
  "strategy:3004"
  "drift-monitor:3005"
  "gateway:3000"
)

# node's options for every service, as helm/riskstream/values.yaml's nodeOptions: the young generation V8 picks on
# a large machine, stated so that a memory-limited host (where V8 would take 2 MB) runs the services the same way.
NODE_SERVICE_OPTIONS=(--max-semi-space-size=32)

say() { echo "stack: $*" >&2; }
die() { echo "stack: ERROR: $*" >&2; exit 1; }
hr() { printf '%s\n' "----------------------------------------------------------------------" >&2; }

# ---------------------------------------------------------------------------------------------------- helpers
port_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }
port_taken() {
  if command -v ss >/dev/null 2>&1; then [ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]; else port_open 127.0.0.1 "$1"; fi
}
port_owner() {
  local who=""
  command -v ss >/dev/null 2>&1 &&
    who="$(ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -1)"
  echo "${who:-another process}"
}
alive() { # alive and not a zombie
  kill -0 "$1" 2>/dev/null || return 1
  [ -r "/proc/$1/stat" ] || return 0
  local st; st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -c1)"
  [ "$st" != "Z" ]
}
cmdline_of() { tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null || ps -o command= -p "$1" 2>/dev/null || true; }

# GET http://127.0.0.1:<port><path>, prints the status code (000 when nothing answers).
http_status() {
  local port="$1" path="$2" code
  if command -v curl >/dev/null 2>&1; then
    code="$(curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$port$path" 2>/dev/null)" || true
    echo "${code:-000}"
    return 0
  fi
  # curl-less fallback: a bare HTTP/1.0 request over bash's /dev/tcp.
  code="$( (exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 0
            printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
            timeout 3 head -1 <&3 | awk '{print $2}') 2>/dev/null)" || true
  echo "${code:-000}"
}

node_env() {
  [ -n "${RISKSTREAM_NODE_READY:-}" ] && return 0
  local env
  env="$(bash "$ROOT/tools/bootstrap/node.sh" --env)" || die "could not bootstrap Node 24 (tools/bootstrap/node.sh)"
  eval "$env"
  export RISKSTREAM_NODE_READY=1
}

nx() {
  if [ -x "$ROOT/node_modules/.bin/nx" ]; then "$ROOT/node_modules/.bin/nx" "$@"; else npx --no-install nx "$@"; fi
}

# Projects having a target, one per line (empty when none or when the workspace has no projects yet).
projects_with_target() { nx show projects --with-target "$1" 2>/dev/null | sed '/^\s*$/d' || true; }

kafka_brokers() { echo "${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"; }
database_url() { echo "${DATABASE_URL:-postgres://riskstream:riskstream@127.0.0.1:$PGPORT/riskstream}"; }
redact_url() { sed -E 's#//([^:@/]+):[^@/]*@#//\1:***@#' <<<"$1"; }

is_running() {
  case "$1" in
    kafka)
      local pid; pid="$(cat "$RUN_DIR/kafka.pid" 2>/dev/null)" || return 1
      [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && cmdline_of "$pid" | grep -q 'kafka\.Kafka' ;;
    postgres)
      local pid; pid="$(cat "$RUN_DIR/postgres.pid" 2>/dev/null)" || return 1
      [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && cmdline_of "$pid" | grep -q 'postgres' ;;
    *) die "is-running: unknown component '$1' (kafka|postgres)" ;;
  esac
}

service_pid() { # pid of a running service started by this script
  local svc="$1" pid
  pid="$(cat "$RUN_DIR/$svc.pid" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" && cmdline_of "$pid" | grep -q "apps/$svc/dist/main.js" && echo "$pid"
}

# ---------------------------------------------------------------------------------------------------- deps
# node_modules matches package-lock.json? (npm's own record of the install, node_modules/.package-lock.json, holds the
# same versions; optional packages for other platforms are absent from it and ignored.)
deps_match_lockfile() {
  node -e '
    const fs = require("fs");
    const read = (f) => JSON.parse(fs.readFileSync(f, "utf8")).packages ?? {};
    let want, have;
    try { want = read("package-lock.json"); have = read("node_modules/.package-lock.json"); } catch { process.exit(1); }
    for (const [key, p] of Object.entries(want)) {
      if (!key.startsWith("node_modules/")) continue;
      if (p.link) { if (!fs.existsSync(key)) process.exit(1); continue; } // workspace package (libs/*)
      const got = have[key];
      if (!got) { if (p.optional || p.dev && process.env.NODE_ENV === "production") continue; process.exit(1); }
      if (got.version !== p.version) process.exit(1);
    }
  ' 2>/dev/null
}

cmd_deps() {
  node_env
  local want have=""
  want="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
  [ -f "$DEPS_STAMP" ] && have="$(cat "$DEPS_STAMP")"
  if [ "${1:-}" != "--force" ] && [ -d "$ROOT/node_modules" ]; then
    [ "$want" = "$have" ] && return 0
    # No stamp yet, or the lockfile changed: reinstall only if node_modules really differs from it.
    if deps_match_lockfile; then echo "$want" > "$DEPS_STAMP"; return 0; fi
  fi
  local t0; t0=$(date +%s)
  if [ "${1:-}" = "--force" ]; then say "npm ci"
  elif [ ! -d "$ROOT/node_modules" ]; then say "node_modules is missing: npm ci"
  else say "node_modules does not match package-lock.json: npm ci"; fi
  npm ci --no-audit --no-fund >&2
  echo "$want" > "$DEPS_STAMP"
  say "dependencies installed in $(( $(date +%s) - t0 ))s"
}

# ---------------------------------------------------------------------------------------------------- infra
write_stack_env() {
  mkdir -p "$RUN_DIR"
  {
    echo "# Written by tools/stack/stack.sh infra-up: where the stack's infrastructure listens. Source it."
    printf 'export KAFKA_BROKERS=%q\n' "$(kafka_brokers)"
    printf 'export DATABASE_URL=%q\n' "$(database_url)"
  } > "$STACK_ENV"
}

cmd_infra_up() {
  local t0 hooks=1 arg; t0=$(date +%s)
  for arg in "$@"; do
    case "$arg" in
      --no-hooks) hooks=0 ;;
      *) die "infra-up: unknown option '$arg' (--no-hooks)" ;;
    esac
  done
  mkdir -p "$LOG_DIR"
  node_env
  cmd_deps

  # Kafka
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    local first="${KAFKA_BROKERS%%,*}"
    port_open "${first%:*}" "${first##*:}" ||
      die "KAFKA_BROKERS=$KAFKA_BROKERS is set but $first does not accept connections (unset it to run the local broker)"
    say "KAFKA_BROKERS is set: using $KAFKA_BROKERS (the local broker is not started)"
  else
    KAFKA_PORT="$KAFKA_PORT" KAFKA_CONTROLLER_PORT="$KAFKA_CONTROLLER_PORT" bash "$ROOT/infra/kafka/start.sh"
  fi

  # PostgreSQL (start.mjs only checks the server when DATABASE_URL is set)
  PGPORT="$PGPORT" node "$ROOT/infra/postgres/start.mjs" >/dev/null

  write_stack_env
  export KAFKA_BROKERS; KAFKA_BROKERS="$(kafka_brokers)"
  export DATABASE_URL; DATABASE_URL="$(database_url)"

  # Hooks owned by the application code; each runs only once it exists.
  if [ "$hooks" = 0 ]; then
    say "--no-hooks: topics and migrations left to the caller (the integration tests' global setup does both)"
  elif [ -f "$ROOT/tools/scripts/create-topics.mjs" ]; then
    # The script imports the registry from the contracts lib's build output, absent in a fresh clone.
    say "building the contracts lib (nx run contracts:build), then creating its topics (tools/scripts/create-topics.mjs)"
    nx run contracts:build --outputStyle=stream >&2 || die "building the contracts lib failed (see above)"
    node "$ROOT/tools/scripts/create-topics.mjs" >&2 || die "creating the topics failed (see above)"
  else
    say "tools/scripts/create-topics.mjs does not exist yet: no topics created"
  fi
  if [ "$hooks" = 0 ]; then :
  elif [ -n "$(projects_with_target migrate)" ]; then
    say "running database migrations (nx run-many -t migrate)"
    nx run-many -t migrate --outputStyle=stream >&2 || die "the database migrations failed (see above); Kafka and PostgreSQL keep running"
  else
    say "no project has a 'migrate' target yet: no migrations run"
  fi

  hr
  say "infrastructure ready in $(( $(date +%s) - t0 ))s"
  say "  Kafka       $KAFKA_BROKERS$(is_running kafka && echo "   (local KRaft broker, controller :$KAFKA_CONTROLLER_PORT, log .run/logs/kafka.log)")"
  say "  PostgreSQL  $(redact_url "$DATABASE_URL")$(is_running postgres && echo "   (embedded, data .data/postgres, log .run/logs/postgres.log)")"
  say "  env file    .run/stack.env   (source it to point tools and tests at the stack)"
  hr
}

cmd_infra_down() {
  local what=("$@")
  [ ${#what[@]} -gt 0 ] || what=(kafka postgres)
  local c
  for c in "${what[@]}"; do
    case "$c" in
      kafka) bash "$ROOT/infra/kafka/stop.sh" ;;
      postgres) node_env; node "$ROOT/infra/postgres/stop.mjs" ;;
      *) die "infra-down: unknown component '$c' (kafka|postgres)" ;;
    esac
  done
}

# ---------------------------------------------------------------------------------------------------- services
cmd_up() {
  local t0; t0=$(date +%s)
  # Ports first, so a clash is reported before anything is started or built.
  local spec svc port pid busy=()
  for spec in "${SERVICES[@]}"; do
    svc="${spec%%:*}"; port="${spec#*:}"
    if ! service_pid "$svc" >/dev/null && port_taken "$port"; then busy+=("  port $port ($svc) is in use by $(port_owner "$port")"); fi
  done
  if [ -z "${KAFKA_BROKERS:-}" ] && ! is_running kafka; then
    for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
      port_taken "$port" && busy+=("  port $port (Kafka; KAFKA_PORT/KAFKA_CONTROLLER_PORT) is in use by $(port_owner "$port")")
    done
  fi
  if [ -z "${DATABASE_URL:-}" ] && ! is_running postgres && port_taken "$PGPORT"; then
    busy+=("  port $PGPORT (PostgreSQL; PGPORT) is in use by $(port_owner "$PGPORT")")
  fi
  if [ ${#busy[@]} -gt 0 ]; then
    printf '%s\n' "stack: ERROR: ports needed by the stack are taken:" "${busy[@]}" \
      "  Stop those processes (or bash tools/stack/stack.sh down), or move Kafka/PostgreSQL with KAFKA_PORT/PGPORT," \
      "  or use existing servers with KAFKA_BROKERS / DATABASE_URL." >&2
    exit 1
  fi

  cmd_infra_up

  if [ ! -d "$ROOT/apps" ] || [ -z "$(projects_with_target build)" ]; then
    say "no applications in apps/ yet: the infrastructure is up, nothing else to start"
    return 0
  fi
  say "building the services (nx run-many -t build --projects=tag:type:app)"
  nx run-many -t build --projects=tag:type:app --outputStyle=stream >&2

  local started=()
  for spec in "${SERVICES[@]}"; do
    svc="${spec%%:*}"; port="${spec#*:}"
    if pid="$(service_pid "$svc")"; then
      say "$svc already running (pid $pid)"
      continue
    fi
    if [ ! -f "$ROOT/apps/$svc/dist/main.js" ]; then
      say "$svc: apps/$svc/dist/main.js does not exist (not built?): skipped"
      continue
    fi
    [ -f "$LOG_DIR/$svc.log" ] && mv -f "$LOG_DIR/$svc.log" "$LOG_DIR/$svc.log.1"
    local instr=()
    [ -f "$ROOT/apps/$svc/dist/instrumentation.js" ] && instr=(--import "./apps/$svc/dist/instrumentation.js")
    # shellcheck disable=SC2094
    PORT="$port" HOST="${STACK_BIND_HOST:-127.0.0.1}" OTEL_SERVICE_NAME="$svc" \
      setsid node "${NODE_SERVICE_OPTIONS[@]}" --enable-source-maps "${instr[@]}" "./apps/$svc/dist/main.js" \
      </dev/null >"$LOG_DIR/$svc.log" 2>&1 &
    echo $! > "$RUN_DIR/$svc.pid"
    started+=("$svc")
    say "started $svc (pid $!, port $port, log .run/logs/$svc.log)"
  done

  # Wait for readiness (all in parallel: the loop polls every service until each answers or times out).
  local deadline=$(( $(date +%s) + READY_TIMEOUT )) pending=() failed=() code
  for spec in "${SERVICES[@]}"; do
    svc="${spec%%:*}"
    service_pid "$svc" >/dev/null && pending+=("$spec")
  done
  while [ ${#pending[@]} -gt 0 ]; do
    local still=()
    for spec in "${pending[@]}"; do
      svc="${spec%%:*}"; port="${spec#*:}"
      if ! service_pid "$svc" >/dev/null; then
        failed+=("$svc: exited during startup"); continue
      fi
      code="$(http_status "$port" /health/ready)"
      if [ "$code" = "200" ]; then say "$svc ready on :$port"; else still+=("$spec"); fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for spec in "${pending[@]}"; do failed+=("${spec%%:*}: /health/ready not 200 within ${READY_TIMEOUT}s"); done
      break
    fi
    sleep 1
  done

  print_table
  if [ ${#failed[@]} -gt 0 ]; then
    local f
    for f in "${failed[@]}"; do
      svc="${f%%:*}"
      echo "stack: ERROR: $f — last lines of .run/logs/$svc.log:" >&2
      tail -n 25 "$LOG_DIR/$svc.log" 2>/dev/null | sed 's/^/    /' >&2 || true
    done
    die "${#failed[@]} service(s) did not become ready (the rest keep running; bash tools/stack/stack.sh down stops all)"
  fi
  say "stack up in $(( $(date +%s) - t0 ))s"

  if [ "${STACK_DEMO:-1}" != "0" ] && [ -f "$ROOT/tools/scripts/demo-stream.mjs" ]; then
    say "running the demo stream (tools/scripts/demo-stream.mjs; STACK_DEMO=0 skips it)"
    GATEWAY_URL="http://127.0.0.1:3000" node "$ROOT/tools/scripts/demo-stream.mjs"
  fi
}

print_table() {
  printf '\n%-16s %-6s %-8s %-7s %s\n' SERVICE PORT PID READY URL
  local spec svc port pid ready
  for spec in "${SERVICES[@]}"; do
    svc="${spec%%:*}"; port="${spec#*:}"
    pid="$(service_pid "$svc" || echo -)"
    if [ "$pid" = "-" ]; then ready="down"
    else ready="$( [ "$(http_status "$port" /health/ready)" = 200 ] && echo yes || echo no)"; fi
    printf '%-16s %-6s %-8s %-7s %s\n' "$svc" "$port" "$pid" "$ready" "http://127.0.0.1:$port"
  done
  echo
}

cmd_services_down() {
  local spec svc pid pids=() names=()
  for spec in "${SERVICES[@]}"; do
    svc="${spec%%:*}"
    if pid="$(service_pid "$svc")"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid"); names+=("$svc")
      say "SIGTERM $svc (pid $pid)"
    fi
  done
  local deadline=$(( $(date +%s) + STOP_TIMEOUT )) i any
  while :; do
    any=0
    for i in "${!pids[@]}"; do alive "${pids[$i]}" && any=1; done
    [ "$any" = 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for i in "${!pids[@]}"; do
        if alive "${pids[$i]}"; then say "${names[$i]} still running after ${STOP_TIMEOUT}s: SIGKILL"; kill -KILL "${pids[$i]}" 2>/dev/null || true; fi
      done
      sleep 0.5
      break
    fi
    sleep 0.3
  done
  for spec in "${SERVICES[@]}"; do rm -f "$RUN_DIR/${spec%%:*}.pid"; done
  if [ ${#pids[@]} -gt 0 ]; then say "services stopped"; fi
}

cmd_down() {
  cmd_services_down
  cmd_infra_down
}

cmd_status() {
  local pid
  if [ -n "${KAFKA_BROKERS:-}" ]; then
    echo "kafka       external  $KAFKA_BROKERS"
  elif is_running kafka; then
    pid="$(cat "$RUN_DIR/kafka.pid")"
    echo "kafka       up        127.0.0.1:$KAFKA_PORT (pid $pid, controller :$KAFKA_CONTROLLER_PORT)$(port_open 127.0.0.1 "$KAFKA_PORT" || echo '  [port not answering]')"
  else
    echo "kafka       down"
  fi
  if [ -n "${DATABASE_URL:-}" ]; then
    echo "postgres    external  $(redact_url "$DATABASE_URL")"
  elif is_running postgres; then
    echo "postgres    up        127.0.0.1:$PGPORT (pid $(cat "$RUN_DIR/postgres.pid"), data .data/postgres)"
  else
    echo "postgres    down"
  fi
  print_table
}

usage() {
  sed -n '2,20p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
  up) shift; cmd_up "$@" ;;
  down) shift; cmd_down ;;
  services-down) cmd_services_down ;;
  status) cmd_status ;;
  infra-up) shift; cmd_infra_up "$@" ;;
  infra-down) shift; cmd_infra_down "$@" ;;
  deps) shift; cmd_deps "$@" ;;
  is-running) is_running "${2:?kafka|postgres}" ;;
  -h|--help|help) usage ;;
  *) usage; exit 2 ;;
esac
