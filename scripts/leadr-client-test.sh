#!/usr/bin/env bash
# Checks that a client generated from LEADR's own published OpenAPI document works against a
# live Roster unchanged: generates a Python client with openapi-python-client (pinned in
# tools/python-requirements.txt; it decodes required fields and enums strictly) from
# sdk-tests/leadr/leadr-v0.7-openapi.json, then runs sdk-tests/leadr/drive.py with it, which
# calls every operation of that document and checks each answer against it. Generated code
# stays under sdk-tests/leadr/generated, git-ignored.
#
# Needs ROSTER_URL and ROSTER_KEY (a superadmin API key), which scripts/with-server.sh provides:
#
#   scripts/with-server.sh scripts/leadr-client-test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${ROSTER_URL:?ROSTER_URL must name the server (or run under scripts/with-server.sh)}"
: "${ROSTER_KEY:?ROSTER_KEY must be a superadmin API key (or run under scripts/with-server.sh)}"

dir="sdk-tests/leadr"
venv="$(scripts/python-venv.sh)"
echo "leadr-client: generate from $dir/leadr-v0.7-openapi.json"
rm -rf "$dir/generated"
PATH="$venv/bin:$PATH" openapi-python-client generate --path "$dir/leadr-v0.7-openapi.json" \
  --config "$dir/openapi-python-client.yaml" --meta none \
  --output-path "$dir/generated/leadr_client" --fail-on-warning
echo "leadr-client: drive"
PYTHONPATH="$dir/generated:sdk-tests" "$venv/bin/python" "$dir/drive.py"
