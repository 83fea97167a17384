#!/usr/bin/env bash
# `make run`: the service on 127.0.0.1:8080 (ROSTER_BIND to change), over a local throwaway
# PostgreSQL cluster unless ROSTER_DATABASE_URL or DATABASE_URL names another database, with
# development secrets kept in .local/dev.env and a bootstrapped superadmin whose key is
# printed on every start.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mkdir -p .local

cargo build --bin roster
roster="$PWD/target/debug/roster"

if [ -z "${ROSTER_DATABASE_URL:-}" ] && [ -z "${DATABASE_URL:-}" ]; then
  scripts/pg.sh start dev
  ROSTER_DATABASE_URL="$(scripts/pg.sh url dev)"
  key_file=".local/superadmin-key"
else
  ROSTER_DATABASE_URL="${ROSTER_DATABASE_URL:-$DATABASE_URL}"
  key_file=""
fi
export ROSTER_DATABASE_URL

# Development secrets: generated once, kept out of git.
if [ ! -f .local/dev.env ]; then
  umask 077
  {
    echo "ROSTER_JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
    echo "ROSTER_CURSOR_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
  } > .local/dev.env
fi
# Added after the first two: an older dev.env gets it too.
if ! grep -q '^ROSTER_SECRETS_KEY=' .local/dev.env; then
  (umask 077; echo "ROSTER_SECRETS_KEY=$(head -c 32 /dev/urandom | base64 | tr -d '\n')" >> .local/dev.env)
fi
set -a
# shellcheck disable=SC1091
. .local/dev.env
set +a
export ROSTER_LOG_FORMAT="${ROSTER_LOG_FORMAT:-pretty}"
# Local development: webhooks may go to receivers on this machine or its network.
export ROSTER_WEBHOOK_ALLOW_PRIVATE="${ROSTER_WEBHOOK_ALLOW_PRIVATE:-true}"

"$roster" migrate

set +e
new_key="$("$roster" bootstrap --email "${ROSTER_BOOTSTRAP_EMAIL:-admin@roster.localhost.dev}" 2>/dev/null)"
bootstrapped=$?
set -e
case $bootstrapped in
  0)
    key="$new_key"
    if [ -n "$key_file" ]; then (umask 077; echo "$key" > "$key_file"); fi
    ;;
  3)
    key="$( [ -n "$key_file" ] && [ -f "$key_file" ] && cat "$key_file" || true)"
    ;;
  *)
    echo "roster bootstrap failed" >&2
    exit 1
    ;;
esac

echo
echo "  Roster on http://${ROSTER_BIND:-127.0.0.1:8080}"
if [ -n "${key:-}" ]; then
  echo "  Superadmin API key: $key"
  echo "  Try: curl -H 'leadr-api-key: $key' http://${ROSTER_BIND:-127.0.0.1:8080}/v1/accounts"
else
  echo "  A superadmin exists in this database already; use its API key."
fi
echo
exec "$roster" serve
