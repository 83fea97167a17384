#!/usr/bin/env bash
# A throwaway, project-local PostgreSQL cluster for `make run` and `make test`.
#
#   scripts/pg.sh start NAME [--fresh]   start cluster NAME (dev, test or e2e), creating it if needed;
#                                        --fresh wipes it first
#   scripts/pg.sh stop NAME              stop it (no error when it is not running)
#   scripts/pg.sh url NAME [DB]          print the URL of database DB (default: roster)
#
# Clusters live in .local/pg/NAME (git-ignored) and listen on 127.0.0.1 only, with trust
# authentication: they are for this checkout's development and tests, never for real data.
# initdb refuses to run as root, so as root the folder is handed to the `postgres` user and
# initdb/pg_ctl run through `runuser -u postgres --`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${2:-}"
case "$name" in
  dev|test|e2e) ;;
  *) echo "usage: $0 start|stop|url dev|test|e2e" >&2; exit 2 ;;
esac
root="$here/.local/pg"
data="$root/$name"
log="$root/$name.log"
port_file="$root/$name.port"

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# The dev cluster keeps one port (55432, or ROSTER_DEV_PG_PORT) so its URL stays the same. The
# test and e2e (end-to-end: the contract checks against a live server) clusters take the first
# free port from 55433 (or ROSTER_TEST_PG_PORT), so that several checkouts can run their tests
# at once; the port is recorded for `url`.
choose_port() {
  if [ "$name" = "dev" ]; then
    echo "${ROSTER_DEV_PG_PORT:-55432}"
    return
  fi
  if [ -n "${ROSTER_TEST_PG_PORT:-}" ]; then
    echo "$ROSTER_TEST_PG_PORT"
    return
  fi
  local candidate=55433
  while port_in_use "$candidate"; do
    candidate=$((candidate + 1))
  done
  echo "$candidate"
}

current_port() {
  if [ -f "$port_file" ]; then cat "$port_file"; else choose_port; fi
}
port="$(current_port)"

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
  echo "PostgreSQL server binaries (initdb, pg_ctl) not found; install PostgreSQL or set PG_BIN" >&2
  exit 1
}
bin="$(find_bin)"

as_owner() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1
}

url() {
  echo "postgres://postgres@127.0.0.1:$port/${1:-roster}"
}

start() {
  local fresh="${1:-}"
  if [ "$fresh" = "--fresh" ]; then
    is_running && as_owner "$bin/pg_ctl" -D "$data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$data" "$log" "$port_file"
  fi
  if is_running; then
    return 0
  fi
  mkdir -p "$root"
  port="$(choose_port)"
  echo "$port" > "$port_file"
  if [ ! -f "$data/PG_VERSION" ]; then
    rm -rf "$data"
    mkdir -p "$data"
    if [ "$(id -u)" = "0" ]; then
      chown postgres: "$root" "$data"
    fi
    as_owner "$bin/initdb" -D "$data" -U postgres --auth=trust --no-locale -E UTF8 --no-sync >/dev/null
  fi
  if [ "$(id -u)" = "0" ]; then
    touch "$log" && chown postgres: "$log"
  fi
  # fsync and friends are off: the cluster is throwaway, and tests create many databases.
  # pg_stat_statements keeps room for every test database's statements at once: tests that
  # count statements must not see theirs evicted by a neighbour's.
  as_owner "$bin/pg_ctl" -D "$data" -l "$log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' \
        -c fsync=off -c synchronous_commit=off -c full_page_writes=off \
        -c max_connections=300 -c shared_preload_libraries=pg_stat_statements \
        -c pg_stat_statements.max=50000" \
    start >/dev/null || { echo "PostgreSQL did not start; see $log" >&2; tail -n 20 "$log" >&2; exit 1; }
  if ! "$bin/psql" "$(url postgres)" -tAc "SELECT 1 FROM pg_database WHERE datname = 'roster'" | grep -q 1; then
    "$bin/psql" "$(url postgres)" -qc "CREATE DATABASE roster" >/dev/null
  fi
}

stop() {
  if is_running; then
    as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  fi
}

case "${1:-}" in
  start) start "${3:-}" ;;
  stop) stop ;;
  url) url "${3:-roster}" ;;
  *) echo "usage: $0 start|stop|url dev|test|e2e" >&2; exit 2 ;;
esac
