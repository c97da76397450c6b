#!/usr/bin/env bash
# Creates (or brings up to date) the git-ignored .venv-tools/ with the pinned packages of
# scripts/python-tools.txt (schemathesis, confluent-kafka with Avro) from PyPI; a second call does nothing.
# Prints the virtualenv's python on stdout.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv-tools"
requirements="$root/scripts/python-tools.txt"
stamp="$venv/.installed-requirements"
if ! cmp --silent "$requirements" "$stamp"; then
  echo "[python-tools] installing $(grep -v '^#' "$requirements" | tr '\n' ' ')into $venv" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements" >&2
  cp "$requirements" "$stamp"
fi
echo "$venv/bin/python"
