#!/usr/bin/env bash
# Runs any Kafka command-line class with the jars in infra/kafka/lib, like the bin/*.sh scripts of the distribution.
#   bash infra/kafka/run-class.sh org.apache.kafka.tools.TopicCommand --bootstrap-server 127.0.0.1:9092 --list
#   bash infra/kafka/run-class.sh org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server 127.0.0.1:9092 \
#        --topic <t> --from-beginning --max-messages 5
#   bash infra/kafka/run-class.sh org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
#        --bootstrap-server 127.0.0.1:9092 --describe --all-groups
set -euo pipefail
# shellcheck source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
[ $# -ge 1 ] || { echo "usage: $0 <main class> [args...]" >&2; exit 2; }
kafka_require_java
kafka_ensure_jars
kafka_run_class "$@"
