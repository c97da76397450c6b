# A Java 21 runtime from Debian (Apicurio Registry 3 needs 21; Kafka 3.9 runs on it too), with curl for healthchecks.
ARG BASE=inventory-local/debian:trixie
FROM ${BASE}
RUN apt-get update \
 && apt-get install -y --no-install-recommends openjdk-21-jre-headless curl \
 && rm -rf /var/lib/apt/lists/*
