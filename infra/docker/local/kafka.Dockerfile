# Stand-in for apache/kafka (same version, same jars from Maven Central) where that image cannot be
# pulled: the same KAFKA_* / CLUSTER_ID environment, data in /var/lib/kafka/data, and the
# /opt/kafka/bin/kafka-broker-api-versions.sh that docker-compose.yml's healthcheck calls.
# Context: libs/ (the broker jars, as infra/local installs them), kafka-run.sh, log4j.properties.
ARG BASE=inventory-local/jre:21
FROM ${BASE}
COPY libs /opt/kafka/libs
COPY log4j.properties /opt/kafka/config/log4j.properties
COPY kafka-run.sh /opt/kafka/run.sh
RUN mkdir -p /opt/kafka/bin /var/lib/kafka/data \
 && printf '#!/bin/sh\nexec java -Dlog4j.configuration=file:/opt/kafka/config/log4j.properties -cp "/opt/kafka/libs/*" kafka.admin.BrokerApiVersionsCommand "$@"\n' > /opt/kafka/bin/kafka-broker-api-versions.sh \
 && chmod 755 /opt/kafka/bin/kafka-broker-api-versions.sh /opt/kafka/run.sh \
 && useradd --system --uid 1000 --home-dir /opt/kafka appuser \
 && chown -R appuser /var/lib/kafka
USER appuser
EXPOSE 9092
CMD ["/opt/kafka/run.sh"]
