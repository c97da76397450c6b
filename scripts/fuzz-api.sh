#!/usr/bin/env bash
# Fuzzes a running gateway with schemathesis, a fuzzer that is not ours, using nothing but the
# OpenAPI document it serves and a bearer token.
#
#   scripts/fuzz-api.sh [extra schemathesis options…]
#
# BASE_URL       gateway origin (default http://127.0.0.1:8080)
# FUZZ_TOKEN     bearer token; when unset, one is obtained by logging in as
#                INVENTORY_ADMIN_USERNAME / INVENTORY_ADMIN_PASSWORD (the local stack's defaults)
# FUZZ_SEED      hypothesis seed (default 1), so a run can be repeated
# FUZZ_EXAMPLES  examples per operation and phase (default 20)
#
# schemathesis is installed, pinned, into the git-ignored .venv-tools/ on first use.
set -euo pipefail

SCHEMATHESIS_VERSION=4.32.5
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-tools"
base_url="${BASE_URL:-http://127.0.0.1:8080}"
api="$base_url/api/v1"

if [[ "$("$venv/bin/schemathesis" --version 2>/dev/null || true)" != *"$SCHEMATHESIS_VERSION"* ]]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi

token="${FUZZ_TOKEN:-}"
if [[ -z "$token" ]]; then
  credentials="$("$venv/bin/python" -c 'import json, os; print(json.dumps({"username": os.environ.get("INVENTORY_ADMIN_USERNAME", "admin"), "password": os.environ.get("INVENTORY_ADMIN_PASSWORD", "Local-Dev-Passw0rd")}))')"
  token="$(curl --silent --show-error --fail -H 'Content-Type: application/json' -d "$credentials" "$api/auth/login" \
    | "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])')"
fi

exec "$venv/bin/schemathesis" run "$api/openapi.json" \
  --url "$api" \
  --header "Authorization: Bearer $token" \
  --checks all \
  --phases examples,coverage,fuzzing,stateful \
  --max-examples "${FUZZ_EXAMPLES:-20}" \
  --seed "${FUZZ_SEED:-1}" \
  "$@"
