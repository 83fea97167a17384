#!/usr/bin/env bash
# The checks of the OpenAPI contract, against the committed openapi/openapi.json (`make lint`
# checks that it is what the code emits):
#
#   1. it is valid OpenAPI (openapi-spec-validator);
#   2. clients generated from it work against a live server (scripts/sdk-test.sh);
#   3. a client generated from LEADR's own published document works against a live server
#      unchanged (scripts/leadr-client-test.sh);
#   4. schemathesis fuzzes a live server with it and finds nothing (scripts/fuzz.sh).
#
# Each live check gets its own throwaway server and database (scripts/with-server.sh).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ -z "${ROSTER_BIN:-}" ]; then
  cargo build --quiet --bin roster
  ROSTER_BIN="$PWD/target/debug/roster"
fi
export ROSTER_BIN

venv="$(scripts/python-venv.sh)"
echo "contract: validating openapi/openapi.json"
"$venv/bin/openapi-spec-validator" openapi/openapi.json

echo "contract: generated clients against a live server"
scripts/with-server.sh scripts/sdk-test.sh

echo "contract: a client generated from LEADR's document against a live server"
scripts/with-server.sh scripts/leadr-client-test.sh

echo "contract: schemathesis against a live server"
scripts/with-server.sh scripts/fuzz.sh
