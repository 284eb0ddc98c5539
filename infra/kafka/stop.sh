#!/usr/bin/env bash
# Stops the broker started by infra/kafka/start.sh: SIGTERM (controlled shutdown, logs flushed), then SIGKILL after
# KAFKA_STOP_TIMEOUT seconds (default 30). Idempotent: says so when nothing is running. Data is kept.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"

mkdir -p "$RUN_DIR"
exec 9>"$RUN_DIR/kafka.lock"
kafka_lock 120

if ! pid="$(kafka_running_pid)"; then
  rm -f "$KAFKA_PID_FILE"
  kafka_log "not running"
  exit 0
fi

kafka_log "stopping broker (pid $pid) ..."
kill -TERM "$pid" 2>/dev/null || true
waited=0
while kill -0 "$pid" 2>/dev/null; do
  if [ "$waited" -ge $(( KAFKA_STOP_TIMEOUT * 2 )) ]; then
    kafka_log "still running after ${KAFKA_STOP_TIMEOUT}s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.5
    break
  fi
  sleep 0.5
  waited=$(( waited + 1 ))
done
rm -f "$KAFKA_PID_FILE"
kafka_log "stopped"
