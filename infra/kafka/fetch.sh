#!/usr/bin/env bash
# Resolves the Apache Kafka broker + tools jars (versions pinned in pom.xml) from Maven Central into infra/kafka/lib/.
# Idempotent: Maven only copies what is missing or newer. ~55 MB on a cold ~/.m2.
set -euo pipefail
KAFKA_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if ! command -v mvn >/dev/null 2>&1; then
  echo "kafka: ERROR: Maven ('mvn') is needed once to download the Kafka jars from Maven Central into infra/kafka/lib." >&2
  echo "  Debian/Ubuntu: sudo apt-get install -y maven      macOS: brew install maven" >&2
  echo "  Or point the stack at an existing cluster instead:  export KAFKA_BROKERS=host:9092" >&2
  exit 1
fi

start=$(date +%s)
echo "kafka: resolving the broker jars from Maven Central into infra/kafka/lib ..." >&2
( cd "$KAFKA_DIR" && mvn -q -B -ntp dependency:copy-dependencies )
# Drop jars left over from an older kafka.version so two versions never share the classpath.
version="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$KAFKA_DIR/pom.xml")"
for old in "$KAFKA_DIR"/lib/kafka*.jar "$KAFKA_DIR"/lib/connect-*.jar; do
  [ -e "$old" ] || continue
  case "$(basename "$old")" in *"-$version.jar") ;; *) rm -f "$old" ;; esac
done
echo "kafka: $(ls "$KAFKA_DIR"/lib/*.jar | wc -l) jars for Kafka $version in infra/kafka/lib ($(( $(date +%s) - start ))s)" >&2
