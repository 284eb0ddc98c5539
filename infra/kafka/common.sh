# shellcheck shell=bash
# Shared settings and helpers for the local Kafka scripts (sourced, not executed).
#
# Environment (all optional):
#   KAFKA_HOST                 address the broker binds and advertises   (default 127.0.0.1, loopback only)
#   KAFKA_PORT                 client (PLAINTEXT) listener port          (default 9092)
#   KAFKA_CONTROLLER_PORT      KRaft controller listener port            (default 9093)
#   KAFKA_HEAP_OPTS            JVM heap                                  (default "-Xms256m -Xmx1g")
#   KAFKA_NUM_PARTITIONS       default partitions for new topics         (default 6)
#   KAFKA_START_TIMEOUT        seconds to wait for the broker            (default 120)
#   KAFKA_STOP_TIMEOUT         seconds to wait for a controlled shutdown (default 30)
#   KAFKA_DATA_DIR             broker data                               (default <repo>/.data/kafka)
#   KAFKA_NETWORK_THREADS      num.network.threads                       (default 2)
#   KAFKA_IO_THREADS           num.io.threads (request handlers)         (default 4)

KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$KAFKA_DIR/../.." && pwd)"
KAFKA_LIB="$KAFKA_DIR/lib"
KAFKA_HOST="${KAFKA_HOST:-127.0.0.1}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-9093}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$REPO_ROOT/.data/kafka}"
RUN_DIR="$REPO_ROOT/.run"
KAFKA_PID_FILE="$RUN_DIR/kafka.pid"
KAFKA_LOG_FILE="$RUN_DIR/logs/kafka.log"
KAFKA_CONFIG_FILE="$RUN_DIR/kafka/server.properties"

kafka_log() { echo "kafka: $*" >&2; }
kafka_die() { echo "kafka: ERROR: $*" >&2; exit 1; }

# Java 17+ is required by the Kafka 4.x broker.
kafka_require_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    kafka_die "Java was not found (no 'java' on PATH and no JAVA_HOME). The local Kafka 4.x broker needs Java 17 or newer.
  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless      macOS: brew install openjdk@17
  Or point the stack at an existing cluster instead:  export KAFKA_BROKERS=host:9092"
  fi
  local ver major
  ver="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  major="${ver%%.*}"
  [ "$major" = "1" ] && major="$(echo "$ver" | cut -d. -f2)"
  if ! [[ "$major" =~ ^[0-9]+$ ]] || [ "$major" -lt 17 ]; then
    kafka_die "Java $ver found at $JAVA, but the Kafka 4.x broker needs Java 17 or newer (set JAVA_HOME to a JDK/JRE 17+)."
  fi
  export JAVA
}

# Resolves the broker jars from Maven Central into infra/kafka/lib when they are missing.
kafka_ensure_jars() {
  if ls "$KAFKA_LIB"/kafka_2.13-*.jar >/dev/null 2>&1 && ls "$KAFKA_LIB"/kafka-tools-[0-9]*.jar >/dev/null 2>&1; then
    return 0
  fi
  bash "$KAFKA_DIR/fetch.sh"
}

kafka_classpath() { echo "$KAFKA_LIB/*"; }

# Runs a Kafka main class (broker tools, admin tools) with the resolved classpath.
kafka_run_class() {
  local main="$1"; shift
  "$JAVA" -Xms64m -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Djava.awt.headless=true \
    -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.properties" \
    -cp "$(kafka_classpath)" "$main" "$@"
}

# True when something accepts TCP connections on host:port.
port_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }

# Describes the process listening on a port, when ss can tell.
port_owner() {
  local port="$1" line
  if command -v ss >/dev/null 2>&1; then
    line="$(ss -Hltnp "sport = :$port" 2>/dev/null | head -1)"
    if [ -n "$line" ]; then
      local who
      who="$(echo "$line" | sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p' | head -1)"
      echo "${who:-another process (run as root to see which)}"
      return 0
    fi
  fi
  echo "unknown process"
}

# True when the TCP port is bound by anything on this machine (listening on any address).
port_taken() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ] && return 0
    return 1
  fi
  port_open 127.0.0.1 "$port"
}

# Pid of the broker this repo started, if it is alive (and really is our Kafka).
kafka_running_pid() {
  [ -f "$KAFKA_PID_FILE" ] || return 1
  local pid
  pid="$(cat "$KAFKA_PID_FILE" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  { tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null || ps -o command= -p "$pid" 2>/dev/null; } | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}

# Serialises start/stop on fd 9 (opened by the caller) where flock(1) exists (Linux); elsewhere it is best effort.
kafka_lock() {
  command -v flock >/dev/null 2>&1 || return 0
  flock -w "$1" 9 || kafka_die "another start/stop of Kafka holds $RUN_DIR/kafka.lock"
}
