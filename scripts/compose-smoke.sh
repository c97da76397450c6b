#!/usr/bin/env bash
# Brings the compose stack up from images already built, waits until every container with a
# healthcheck is healthy, then through the gateway: login as the first admin, a location tree, an
# item, a move, and where-is (with the move's Consistency-Token) answers the new place; then stops
# the services (SIGTERM) and checks each exited 0. Tears the
# stack down with its volumes on exit unless KEEP_STACK=1. Arguments: the compose file options,
#   scripts/compose-smoke.sh -p inventory -f docker-compose.yml [-f docker-compose.local.yml]
# Secrets are generated for the run unless set. COMPOSE: "docker compose" or docker-compose.
set -euo pipefail
cd "$(dirname "$0")/.."
read -r -a compose_command <<< "${COMPOSE:-docker compose}"
DOCKER=${DOCKER:-docker}
compose=("${compose_command[@]}" "$@")
secret() { openssl rand -base64 36 | tr -d '\n/+='; }
export INTERNAL_AUTH_TOKEN="${INTERNAL_AUTH_TOKEN:-$(secret)}" JWT_SECRET="${JWT_SECRET:-$(secret)}"
export INVENTORY_ADMIN_PASSWORD="${INVENTORY_ADMIN_PASSWORD:-Adm1n-$(openssl rand -hex 8)}"
started=$(date +%s)
say() { echo "[compose-smoke] $1 ($(($(date +%s) - started)) s)"; }
teardown() { if [ "${KEEP_STACK:-}" != 1 ]; then "${compose[@]}" down -v --remove-orphans > /dev/null 2>&1 || true; fi; }
trap teardown EXIT

# A dependency that turns unhealthy while it starts (a slow host) makes `up` give up on its
# dependants; it is run again until every container exists or the time runs out.
for attempt in $(seq 1 10); do
  "${compose[@]}" up -d --no-build && break
  [ "$attempt" -eq 10 ] && { "${compose[@]}" logs --tail 40; say "up failed"; exit 1; }
  sleep 15
done
health() { "$DOCKER" inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$("${compose[@]}" ps -q "$1")" 2> /dev/null || echo missing; }
services="kafka registry mongo command-service query-service reporting-worker gateway"
for attempt in $(seq 1 120); do
  waiting=""
  for service in $services; do [ "$(health "$service")" = healthy ] || waiting="$waiting $service($(health "$service"))"; done
  [ -z "$waiting" ] && break
  if [ "$attempt" -eq 120 ]; then "${compose[@]}" ps; "${compose[@]}" logs --tail 40; say "not healthy:$waiting"; exit 1; fi
  sleep 5
done
say "healthy: $services"

api=http://127.0.0.1:8080/api/v1
token=
call() { curl -fsS -H 'content-type: application/json' ${token:+-H "authorization: Bearer $token"} "$@"; }
field() { node -e "process.stdout.write(String(JSON.parse(require('fs').readFileSync(0, 'utf8'))$1))"; }
token=$(call "$api/auth/login" -d "{\"username\":\"admin\",\"password\":\"$INVENTORY_ADMIN_PASSWORD\"}" | field .accessToken)
tag=$(openssl rand -hex 3 | tr a-f A-F)
site=$(call "$api/location-types" -d "{\"name\":\"Site $tag\"}" | field .locationType.id)
bin=$(call "$api/location-types" -d "{\"name\":\"Bin $tag\"}" | field .locationType.id)
pallet=$(call "$api/item-types" -d "{\"name\":\"Pallet $tag\"}" | field .itemType.id)
warehouse=$(call "$api/locations" -d "{\"code\":\"$tag-W\",\"name\":\"Warehouse\",\"locationTypeId\":\"$site\"}" | field .location.id)
bin_a=$(call "$api/locations" -d "{\"code\":\"$tag-A\",\"name\":\"Bin A\",\"locationTypeId\":\"$bin\",\"parentLocationId\":\"$warehouse\"}" | field .location.id)
bin_b=$(call "$api/locations" -d "{\"code\":\"$tag-B\",\"name\":\"Bin B\",\"locationTypeId\":\"$bin\",\"parentLocationId\":\"$warehouse\"}" | field .location.id)
item=$(call "$api/items" -d "{\"itemTypeId\":\"$pallet\",\"kind\":\"PARENT\",\"name\":\"Pallet 1\",\"locationId\":\"$bin_a\"}" | field .item.id)
consistency=$(call "$api/moves" -d "{\"itemId\":\"$item\",\"toLocationId\":\"$bin_b\"}" | field .consistencyToken)
where=$(call "$api/items/$item/location" -H "Consistency-Token: $consistency" | field .locationId)
[ "$where" = "$bin_b" ] || { say "where-is answered $where, expected $bin_b"; exit 1; }
say "moved item $item to $bin_b through the gateway; where-is agrees"
"${compose[@]}" ps
# A container stop is SIGTERM to node (PID 1): each service drains and exits 0 within the grace period.
"${compose[@]}" stop gateway query-service reporting-worker command-service > /dev/null 2>&1
for service in command-service query-service reporting-worker gateway; do
  code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$("${compose[@]}" ps -q "$service")")
  [ "$code" = 0 ] || { "${compose[@]}" logs --tail 20 "$service"; say "$service exited $code on SIGTERM"; exit 1; }
done
say "the four services stopped on SIGTERM with exit code 0"
say "passed"
