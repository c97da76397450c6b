# The local document store (FerretDB 1.24 on SQLite with our patches, built by infra/local from the
# Go module proxy) standing in for mongo:7, which no reachable registry serves. Not MongoDB: no
# replica set, no mongosh; docker-compose.local.yml says what it replaces.
# Context: the ferretdb binary (statically linked).
ARG BASE=inventory-local/debian:trixie
FROM ${BASE}
COPY ferretdb /usr/local/bin/ferretdb
RUN useradd --system --uid 999 --home-dir /data mongodb && mkdir -p /data/db && chown mongodb /data/db
USER mongodb
EXPOSE 27017
CMD ["ferretdb", "-listen", "0.0.0.0:27017", "-data", "/data/db"]
