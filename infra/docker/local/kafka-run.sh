#!/bin/sh
# Writes server.properties from the KAFKA_* variables the way apache/kafka's image does
# (KAFKA_LOG_DIRS -> log.dirs; "__" -> "_", "___" -> "-"), formats the KRaft log once with
# CLUSTER_ID, then runs the broker in the foreground (SIGTERM stops it cleanly).
set -eu
config=/tmp/server.properties
env | grep '^KAFKA_' | grep -v '^KAFKA_HEAP_OPTS=\|^KAFKA_OPTS=' | while IFS='=' read -r name value; do
  key=$(printf '%s' "${name#KAFKA_}" | sed -e 's/___/-/g' -e 's/__/@/g' -e 's/_/./g' -e 's/@/_/g' | tr '[:upper:]' '[:lower:]')
  printf '%s=%s\n' "$key" "$value"
done > "$config"
log_dirs=$(sed -n 's/^log\.dirs=//p' "$config")
if [ ! -f "${log_dirs:-/var/lib/kafka/data}/meta.properties" ]; then
  java -cp '/opt/kafka/libs/*' kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$config"
fi
# shellcheck disable=SC2086 # KAFKA_HEAP_OPTS holds several JVM flags
exec java ${KAFKA_HEAP_OPTS:--Xmx512m} -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties -cp '/opt/kafka/libs/*' kafka.Kafka "$config"
