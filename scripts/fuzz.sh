#!/usr/bin/env bash
# Fuzzes the live server against its OpenAPI document with schemathesis (pinned in
# tools/python-requirements.txt): every operation, examples, coverage and fuzzing phases, every
# check (no 5xx, statuses, headers, content types and bodies as documented, invalid input
# refused, valid input accepted, 405 for undeclared methods). Any finding fails the run.
#
# Needs ROSTER_URL and ROSTER_KEY (a superadmin key), which scripts/with-server.sh provides:
#
#   scripts/with-server.sh scripts/fuzz.sh [ST-RUN-OPTION...]
#
# Options after the script's name go to `st run`, e.g. `--include-path-regex /v1/players` to
# fuzz a few operations while chasing a finding.
#
# ROSTER_FUZZ_EXAMPLES bounds the generated cases per operation (default 100, about a minute
# and a half on two cores; .ci/run sets the CI budget). ROSTER_FUZZ_SEED fixes the generation
# (default: a fixed seed, so that a run is reproducible; set another to explore).
#
# The stateful phase is off: following links, it can revoke or delete the very key and
# superadmin it runs as, and every operation is already exercised by the other phases.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${ROSTER_URL:?ROSTER_URL must name the server (or run under scripts/with-server.sh)}"
: "${ROSTER_KEY:?ROSTER_KEY must be a superadmin API key (or run under scripts/with-server.sh)}"

venv="$(scripts/python-venv.sh)"

# Seed data the hooks point valid creations at: an account, a game, a device fingerprint.
post() {
  curl -fsS -X POST "$ROSTER_URL$1" -H "leadr-api-key: $ROSTER_KEY" \
    -H 'content-type: application/json' -d "$2"
}
json_field() {
  "$venv/bin/python" -c 'import json, sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"
}
ROSTER_ACCOUNT="$(post /v1/accounts '{"name": "Fuzz Studio"}' | json_field id)"
ROSTER_GAME="$(post /v1/games "{\"account_id\": \"$ROSTER_ACCOUNT\", \"name\": \"Fuzz Game\"}" | json_field id)"
ROSTER_FINGERPRINT="$(printf 'roster-fuzz-device' | sha256sum | cut -c1-64)"
# The seeded game takes custom tokens signed with this secret, so that valid custom sign-ins
# (the hooks sign a fresh token) reach the player and session they create.
ROSTER_CUSTOM_SECRET="roster-fuzz-custom-auth-secret-0123456789"
curl -fsS -X PATCH "$ROSTER_URL/v1/games/$ROSTER_GAME" -H "leadr-api-key: $ROSTER_KEY" \
  -H 'content-type: application/json' -d "{\"custom_auth_secret\": \"$ROSTER_CUSTOM_SECRET\"}" >/dev/null
# The OpenID providers fuzzed are another game's: their answers name the game, schemathesis
# reuses ids it sees in answers for other operations (DELETE /v1/games/{game_id} among them), and
# the game the client sessions rely on must not be the one it learns.
ROSTER_PROVIDER_GAME="$(post /v1/games "{\"account_id\": \"$ROSTER_ACCOUNT\", \"name\": \"Fuzz Providers\"}" | json_field id)"
export ROSTER_ACCOUNT ROSTER_GAME ROSTER_FINGERPRINT ROSTER_CUSTOM_SECRET ROSTER_PROVIDER_GAME

report=".local/fuzz-report"
rm -rf "$report"
PYTHONPATH="$PWD/tools/fuzz" SCHEMATHESIS_HOOKS=roster_hooks \
  "$venv/bin/st" --config-file tools/fuzz/schemathesis.toml run openapi/openapi.json \
  --url "$ROSTER_URL" \
  --phases examples,coverage,fuzzing \
  --checks all \
  --max-examples "${ROSTER_FUZZ_EXAMPLES:-100}" \
  --seed "${ROSTER_FUZZ_SEED:-20261122}" \
  --workers 2 \
  --request-timeout 10 \
  --no-color \
  --report junit --report-dir "$report" \
  "$@"
