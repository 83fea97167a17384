#!/usr/bin/env bash
# Where an audit event's cost goes in the database, by pgbench: a user creation's transaction
# (`BEGIN; read the account; insert the user; COMMIT`) alone, then with one more statement
# each: `SELECT 1`, the event into a copy of `audit_events` with no index, the same with its
# primary key only, into `audit_events` itself as a plain INSERT, and the statement Roster
# runs (that INSERT and the outbox CTE). Not part of `make bench` (bench/AUDIT.md quotes it):
#
#   ROSTER_BIN=target/debug/roster scripts/with-server.sh scripts/bench-audit-parts.sh
#
# BENCH_PGBENCH_SECONDS (6) per run, BENCH_CONCURRENCY (16) clients, two rounds in turns; one
# line per run, "scenario tps": compare within a round, rounds drift on a shared machine.
set -euo pipefail
url="$ROSTER_DATABASE_URL"
pgbench="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
seconds="${BENCH_PGBENCH_SECONDS:-6}"
clients="${BENCH_CONCURRENCY:-16}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

account=$(psql "$url" -qAtX -v ON_ERROR_STOP=1 -c "INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
  VALUES (gen_random_uuid(), 'pgbench parts', 'pgbench-parts-' || floor(random() * 1e9)::text, 'active', now(), now())
  RETURNING id")
psql "$url" -qAtX -v ON_ERROR_STOP=1 -c "
  CREATE TABLE IF NOT EXISTS bench_events_bare (LIKE audit_events INCLUDING DEFAULTS);
  CREATE TABLE IF NOT EXISTS bench_events_keyed (LIKE audit_events INCLUDING DEFAULTS, PRIMARY KEY (id));"

changes='{"account_id": {"before": null, "after": "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7"}, "email": {"before": null, "after": "bench-1764680000-12345@example.com"}, "display_name": {"before": null, "after": "Bench User"}, "super_admin": {"before": null, "after": false}, "status": {"before": null, "after": "active"}, "deleted_at": {"before": null, "after": null}}'
user() {
  cat <<SQL
\\set n random(1, 1000000000)
BEGIN;
SELECT id, name, slug, status, created_at, updated_at, deleted_at FROM accounts WHERE id = '$account';
INSERT INTO users (id, account_id, email, display_name, super_admin, status, created_at, updated_at)
VALUES (gen_random_uuid(), '$account', 'pgbench-' || :client_id || '-' || :n || '-' || gen_random_uuid() || '@example.com',
        'Bench User', false, 'active', now(), now());
SQL
}
values="(gen_random_uuid(), now(), '$account', 'user', 'usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7',
         gen_random_uuid(), NULL, 'user.created', 'user', 'usr_' || gen_random_uuid(), '$changes',
         '01KBF5G8Z3X9Q2W4E6R8T0Y2U4')"
columns="(id, occurred_at, account_id, actor_type, actor_id, api_key_id, player_id, action,
          target_type, target_id, changes, request_id)"
event_into() { echo "INSERT INTO $1 $columns VALUES $values;"; }
roster_event() {
  cat <<SQL
WITH event AS (
    INSERT INTO audit_events $columns VALUES $values
    RETURNING id, account_id, action, occurred_at
), queued AS (
    INSERT INTO webhook_deliveries (webhook_id, event_id, action, created_at, next_attempt_at)
    SELECT w.id, event.id, event.action, event.occurred_at, event.occurred_at
    FROM event JOIN webhooks w ON w.account_id = event.account_id
    WHERE w.events && ARRAY['*', split_part(event.action, '.', 1) || '.*', event.action]
    ORDER BY w.id
    FOR KEY SHARE OF w
    RETURNING 1
)
SELECT pg_notify('roster_webhooks', '') FROM (SELECT 1 FROM queued LIMIT 1) AS announced;
SQL
}

{ user; echo "COMMIT;"; } >"$work/user.sql"
{ user; echo "SELECT 1;"; echo "COMMIT;"; } >"$work/select1.sql"
{ user; event_into bench_events_bare; echo "COMMIT;"; } >"$work/bare.sql"
{ user; event_into bench_events_keyed; echo "COMMIT;"; } >"$work/keyed.sql"
{ user; event_into audit_events; echo "COMMIT;"; } >"$work/indexed.sql"
{ user; roster_event; echo "COMMIT;"; } >"$work/roster.sql"

for round in 1 2; do
  for scenario in user select1 bare keyed indexed roster; do
    tps=$("$pgbench" -n -M prepared -c "$clients" -j 2 -T "$seconds" -f "$work/$scenario.sql" "$url" 2>/dev/null |
      awk '/^tps = / { print $3; exit }')
    echo "round $round $scenario $tps"
  done
done
psql "$url" -qAtX -c "DROP TABLE bench_events_bare, bench_events_keyed"
