#!/usr/bin/env bash
# Raw producer throughput ceiling of the broker (Kafka's own ProducerPerformance tool, the kafka-producer-perf-test.sh
# of the distribution), to compare the services' end-to-end numbers against.
#
#   bash infra/kafka/perf.sh                         # 200k x 512 B records, acks=all, as fast as possible
#   PERF_RECORDS=1000000 PERF_RECORD_SIZE=1024 PERF_ACKS=1 bash infra/kafka/perf.sh
#   bash infra/kafka/perf.sh --print-metrics         # extra args go to ProducerPerformance
#
# Environment: KAFKA_BROKERS (default 127.0.0.1:$KAFKA_PORT), PERF_TOPIC (riskstream.perf.v1, created with
# PERF_PARTITIONS=6 if missing and deleted afterwards unless PERF_KEEP_TOPIC=1), PERF_RECORDS (200000),
# PERF_RECORD_SIZE bytes (512), PERF_THROUGHPUT records/s (-1 = unthrottled), PERF_ACKS (all), PERF_LINGER_MS (5),
# PERF_BATCH_SIZE (65536), PERF_COMPRESSION (lz4). The tool's JVM is capped at -Xmx512m.
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

BROKERS="${KAFKA_BROKERS:-$KAFKA_HOST:$KAFKA_PORT}"
PERF_TOPIC="${PERF_TOPIC:-riskstream.perf.v1}"
PERF_PARTITIONS="${PERF_PARTITIONS:-6}"
PERF_RECORDS="${PERF_RECORDS:-200000}"
PERF_RECORD_SIZE="${PERF_RECORD_SIZE:-512}"
PERF_THROUGHPUT="${PERF_THROUGHPUT:--1}"
PERF_ACKS="${PERF_ACKS:-all}"
PERF_LINGER_MS="${PERF_LINGER_MS:-5}"
PERF_BATCH_SIZE="${PERF_BATCH_SIZE:-65536}"
PERF_COMPRESSION="${PERF_COMPRESSION:-lz4}"

kafka_require_java
kafka_ensure_jars

first="${BROKERS%%,*}"
port_open "${first%:*}" "${first##*:}" || kafka_die "no broker answers on $first (start one: bash infra/kafka/start.sh, or set KAFKA_BROKERS)"

# The perf topic is created explicitly: the local broker runs with auto.create.topics.enable=false.
kafka_run_class org.apache.kafka.tools.TopicCommand --bootstrap-server "$BROKERS" --create --if-not-exists \
  --topic "$PERF_TOPIC" --partitions "$PERF_PARTITIONS" --replication-factor 1 >/dev/null

echo "perf: $PERF_RECORDS records x $PERF_RECORD_SIZE B -> $PERF_TOPIC ($PERF_PARTITIONS partitions) on $BROKERS," \
  "acks=$PERF_ACKS linger.ms=$PERF_LINGER_MS batch.size=$PERF_BATCH_SIZE compression=$PERF_COMPRESSION" >&2
# The services' producers are idempotent with acks=all; idempotence is only allowed with acks=all.
idempotence=false
case "$PERF_ACKS" in all|-1) idempotence=true ;; esac
status=0
"$JAVA" -Xms128m -Xmx512m -XX:+UseG1GC -Djava.awt.headless=true \
  -Dlog4j2.configurationFile="$KAFKA_DIR/log4j2-tools.properties" \
  -cp "$(kafka_classpath)" org.apache.kafka.tools.ProducerPerformance \
  --topic "$PERF_TOPIC" --num-records "$PERF_RECORDS" --record-size "$PERF_RECORD_SIZE" \
  --throughput "$PERF_THROUGHPUT" \
  --command-property "bootstrap.servers=$BROKERS" "acks=$PERF_ACKS" "linger.ms=$PERF_LINGER_MS" \
  "batch.size=$PERF_BATCH_SIZE" "compression.type=$PERF_COMPRESSION" "enable.idempotence=$idempotence" \
  "$@" || status=$?

if [ "${PERF_KEEP_TOPIC:-0}" != "1" ]; then
  kafka_run_class org.apache.kafka.tools.TopicCommand --bootstrap-server "$BROKERS" --delete --if-exists \
    --topic "$PERF_TOPIC" >/dev/null || true
fi
exit "$status"
