#!/usr/bin/env bash
# Runs a command against a live Roster: a fresh throwaway PostgreSQL cluster (`e2e`), the
# migrated schema, a bootstrapped superadmin and `roster serve` on a free local port. The
# command sees
#
#   ROSTER_URL           the server's base URL, e.g. http://127.0.0.1:40123
#   ROSTER_KEY           the superadmin's API key
#   ROSTER_DATABASE_URL  the server's database
#   ROSTER_SERVER_PID    the server's process id
#
# and the server and the cluster are stopped afterwards, whatever the command's outcome (its
# exit status is this script's). ROSTER_BIN names a prebuilt binary; otherwise it is built.
#
#   scripts/with-server.sh COMMAND [ARG...]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi

if [ -z "${ROSTER_BIN:-}" ]; then
  cargo build --quiet --bin roster
  ROSTER_BIN="$PWD/target/debug/roster"
fi

mkdir -p .local
log=".local/e2e-server.log"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  scripts/pg.sh stop e2e
}
trap cleanup EXIT

scripts/pg.sh start e2e --fresh
ROSTER_DATABASE_URL="$(scripts/pg.sh url e2e)"
# Throwaway secrets: the cluster and everything signed with them go when this script ends.
ROSTER_JWT_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
ROSTER_CURSOR_SECRET="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
ROSTER_SECRETS_KEY="$(head -c 32 /dev/urandom | base64 | tr -d '\n')"
export ROSTER_DATABASE_URL ROSTER_JWT_SECRET ROSTER_CURSOR_SECRET ROSTER_SECRETS_KEY
# No check of this server reaches Steam: its Web API is a local port nothing listens on (a
# Steam sign-in of a game set up for it answers 503), unless the caller points it at a stub.
export ROSTER_STEAM_API_URL="${ROSTER_STEAM_API_URL:-http://127.0.0.1:9}" ROSTER_STEAM_TIMEOUT_MS=1000
# Any URL the fuzzer sends may receive webhooks (no DNS lookup at creation). The server's
# outbound requests go through a proxy on a local port nothing listens on (see the serve line
# below), so a delivery to whatever host a fuzzer made up fails at once and resolves nothing;
# this machine's own stubs are reached directly.
export ROSTER_WEBHOOK_ALLOW_PRIVATE=true
# The fuzzer and the bench send far more than any one client would: no rate limits unless the
# caller sets them.
export ROSTER_RATE_CLIENT_PER_MIN="${ROSTER_RATE_CLIENT_PER_MIN:-0}" ROSTER_RATE_ADMIN_PER_SEC="${ROSTER_RATE_ADMIN_PER_SEC:-0}"
export ROSTER_LOG_FORMAT=json RUST_LOG="${RUST_LOG:-warn}"

"$ROSTER_BIN" migrate >/dev/null
ROSTER_KEY="$("$ROSTER_BIN" bootstrap --email "e2e@roster.localhost.dev" 2>"$log")" \
  || { cat "$log" >&2; exit 1; }

# A free port, asked of the kernel, then given to the server.
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
HTTP_PROXY=http://127.0.0.1:9 HTTPS_PROXY=http://127.0.0.1:9 NO_PROXY=127.0.0.1,localhost \
  ROSTER_BIND="127.0.0.1:$port" "$ROSTER_BIN" serve >"$log" 2>&1 &
server_pid=$!
ROSTER_URL="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -fsS "$ROSTER_URL/v1/health" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "roster serve exited; its log:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done
curl -fsS "$ROSTER_URL/v1/health" >/dev/null || { echo "roster serve did not become healthy" >&2; exit 1; }
ROSTER_SERVER_PID="$server_pid"
export ROSTER_URL ROSTER_KEY ROSTER_SERVER_PID

set +e
"$@"
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "the command failed ($status); the server's log is $log" >&2
fi
exit "$status"
