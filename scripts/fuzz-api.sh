#!/usr/bin/env bash
# Fuzzes a running gateway with schemathesis, a fuzzer that is not ours, using nothing but the
# OpenAPI document it serves and a bearer token.
#
#   scripts/fuzz-api.sh [extra schemathesis options…]
#
# BASE_URL       gateway origin (default http://127.0.0.1:8080)
# COMMAND_SERVICE_URL / QUERY_SERVICE_URL / REPORTING_WORKER_URL
#                when set, their /health/ready must answer 200 too before fuzzing starts
# FUZZ_ROLES     roles to fuzz as, one schemathesis run each (default: all five). As the admin
#                (INVENTORY_ADMIN_USERNAME / INVENTORY_ADMIN_PASSWORD, the local stack's defaults)
#                the script creates one user per other role through the API and logs in as it.
# FUZZ_SEED      hypothesis seed (default 1), so a run can be repeated
# FUZZ_EXAMPLES  examples per operation and phase (default 20)
# FUZZ_READY_TIMEOUT  seconds to wait for every service to be ready (default 240)
# FUZZ_REPORT_DIR     when set, each role's run writes its event log there (<role>.ndjson) and the script
#                     ends with a table of requests and outcomes per check (scripts/fuzz-summary.py)
#
# Exits non-zero when any run finds a failure.
# schemathesis is installed, pinned (scripts/python-tools.txt), into the git-ignored .venv-tools/ on first use.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-tools"
base_url="${BASE_URL:-http://127.0.0.1:8080}"
api="$base_url/api/v1"

py="$("$root/scripts/python-tools.sh")"  # pinned schemathesis in .venv-tools/

# Full readiness first: the gateway and every internal service named in the environment.
deadline=$((SECONDS + ${FUZZ_READY_TIMEOUT:-240}))
for url in "$base_url" ${COMMAND_SERVICE_URL:-} ${QUERY_SERVICE_URL:-} ${REPORTING_WORKER_URL:-}; do
  until curl --silent --fail --output /dev/null "$url/health/ready"; do
    if ((SECONDS > deadline)); then echo "fuzz-api: $url/health/ready is not 200 after ${FUZZ_READY_TIMEOUT:-240} s" >&2; exit 2; fi
    sleep 1
  done
done

json() { "$py" -c 'import json, sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@"; }
login() {
  curl --silent --show-error --fail -H 'Content-Type: application/json' -d "$(json username "$1" password "$2")" "$api/auth/login" \
    | "$py" -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])'
}

run_id="$("$py" -c 'import secrets; print(secrets.token_hex(4))')"

status=0
for role in ${FUZZ_ROLES:-admin manager operator analyst viewer}; do
  admin_token="$(login "${INVENTORY_ADMIN_USERNAME:-admin}" "${INVENTORY_ADMIN_PASSWORD:-Local-Dev-Passw0rd}")"  # fresh for each run: tokens expire
  if [[ "$role" == admin ]]; then
    token="$admin_token"
  else
    username="fuzz-$role-$run_id"
    password="Fuzz-$role-Passw0rd-$run_id"
    body="$("$py" -c 'import json, sys; print(json.dumps({"username": sys.argv[1], "email": sys.argv[1] + "@fuzz.example", "password": sys.argv[2], "roles": [sys.argv[3]]}))' "$username" "$password" "$role")"
    curl --silent --show-error --fail --output /dev/null -H "Authorization: Bearer $admin_token" -H 'Content-Type: application/json' -d "$body" "$api/users"
    token="$(login "$username" "$password")"
  fi
  echo "fuzz-api: fuzzing every operation as $role" >&2
  SCHEMATHESIS_HOOKS="$root/scripts/schemathesis_hooks.py" "$venv/bin/schemathesis" run "$api/openapi.json" \
    --url "$api" \
    --header "Authorization: Bearer $token" \
    --checks all \
    --exclude-checks positive_data_acceptance \
    --phases examples,coverage,fuzzing,stateful \
    --max-examples "${FUZZ_EXAMPLES:-20}" \
    --seed "${FUZZ_SEED:-1}" \
    ${FUZZ_REPORT_DIR:+--report ndjson --report-ndjson-path "$FUZZ_REPORT_DIR/$role.ndjson"} \
    "$@" || status=1
done
if [[ -n "${FUZZ_REPORT_DIR:-}" ]]; then "$py" "$root/scripts/fuzz-summary.py" "$FUZZ_REPORT_DIR"/*.ndjson; fi
exit "$status"
