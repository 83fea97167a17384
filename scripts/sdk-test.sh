#!/usr/bin/env bash
# Checks that clients generated from openapi/openapi.json work against a live Roster. Generates
# a TypeScript client with @hey-api/openapi-ts (pinned in sdk-tests/typescript/package-lock.json)
# and a Python client with openapi-python-client (pinned in tools/python-requirements.txt), then
# runs sdk-tests/typescript/smoke.ts and sdk-tests/python/smoke.py with them: an account, users,
# an API key, pages of users there and back, a game, a client session and /v1/client/me, every
# step asserted. Generated code, node_modules and build output stay under sdk-tests/, git-ignored.
#
# Needs ROSTER_URL (the server's base URL) and ROSTER_KEY (a superadmin API key), which
# scripts/with-server.sh provides:
#
#   scripts/with-server.sh scripts/sdk-test.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${ROSTER_URL:?ROSTER_URL must name the server (or run under scripts/with-server.sh)}"
: "${ROSTER_KEY:?ROSTER_KEY must be a superadmin API key (or run under scripts/with-server.sh)}"

ts="sdk-tests/typescript"
py="sdk-tests/python"

echo "sdk-test: typescript: npm ci, generate, compile"
(
  cd "$ts"
  npm ci --no-audit --no-fund --loglevel=error
  rm -rf generated dist
  node_modules/.bin/openapi-ts --file openapi-ts.config.ts --silent
  node_modules/.bin/tsc -p tsconfig.json
)

echo "sdk-test: python: generate"
venv="$(scripts/python-venv.sh)"
rm -rf "$py/generated"
# Its post-generation hooks run `ruff`, installed beside it; a warning (a skipped endpoint or
# model) fails the check.
PATH="$venv/bin:$PATH" openapi-python-client generate --path openapi/openapi.json \
  --config "$py/openapi-python-client.yaml" --meta none \
  --output-path "$py/generated/roster_client" --fail-on-warning

# Both smoke scripts run even when the first fails, so that one run shows both outcomes.
status=0
echo "sdk-test: typescript: smoke"
node "$ts/dist/smoke.js" || status=1
echo "sdk-test: python: smoke"
PYTHONPATH="$py/generated:sdk-tests" "$venv/bin/python" "$py/smoke.py" || status=1

if [ "$status" -ne 0 ]; then
  echo "sdk-test: FAILED" >&2
  exit 1
fi
echo "sdk-test: ok"
