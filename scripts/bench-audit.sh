#!/usr/bin/env bash
# The database's share of an audit event's cost, by pgbench on the bench's database: the
# statements of a user creation (`POST /v1/users`: read the account, insert the user) as one
# transaction, then the same with the audit event's statement (the one Roster runs, with a
# changes object of a user's size), then with that event also queued for a webhook. Each
# scenario runs BENCH_PGBENCH_SECONDS (default 8) with BENCH_CONCURRENCY (16) clients, in
# turns, twice; a Markdown table goes to stdout. Run by scripts/bench.sh under
# scripts/with-server.sh (ROSTER_DATABASE_URL).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pgbench="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
seconds="${BENCH_PGBENCH_SECONDS:-8}"
# 0 skips it (an A/B of a few scenarios with BENCH_ONLY).
[ "$seconds" -gt 0 ] || exit 0
clients="${BENCH_CONCURRENCY:-16}"
url="$ROSTER_DATABASE_URL"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Two accounts of their own: one with no webhook, one with a webhook taking user events (its
# URL a local port nothing listens on; the server's deliverers attempt those deliveries).
read -r plain hooked < <(psql "$url" -qAtX -v ON_ERROR_STOP=1 <<'SQL'
INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
VALUES (gen_random_uuid(), 'pgbench plain', 'pgbench-plain-' || floor(random() * 1e9)::text, 'active', now(), now()),
       (gen_random_uuid(), 'pgbench hooked', 'pgbench-hooked-' || floor(random() * 1e9)::text, 'active', now(), now());
SELECT (SELECT id FROM accounts WHERE name = 'pgbench plain' ORDER BY created_at DESC LIMIT 1) || ' ' ||
       (SELECT id FROM accounts WHERE name = 'pgbench hooked' ORDER BY created_at DESC LIMIT 1);
SQL
)
psql "$url" -qAtX -v ON_ERROR_STOP=1 -c "INSERT INTO webhooks (id, account_id, url, events, secret, created_at, updated_at)
  VALUES (gen_random_uuid(), '$hooked', 'http://127.0.0.1:9/pgbench', ARRAY['user.*'], '\\x00', now(), now())"

user_statements() {
  cat <<SQL
\\set n random(1, 1000000000)
BEGIN;
SELECT id, name, slug, status, created_at, updated_at, deleted_at FROM accounts WHERE id = '$1';
INSERT INTO users (id, account_id, email, display_name, super_admin, status, created_at, updated_at)
VALUES (gen_random_uuid(), '$1', 'pgbench-' || :client_id || '-' || :n || '-' || gen_random_uuid() || '@example.com',
        'Bench User', false, 'active', now(), now());
SQL
}

audit_statement() {
  cat <<SQL
WITH event AS (
    INSERT INTO audit_events (id, occurred_at, account_id, actor_type, actor_id, api_key_id,
                              player_id, action, target_type, target_id, changes, request_id)
    VALUES (gen_random_uuid(), now(), '$1', 'user', 'usr_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7',
            gen_random_uuid(), NULL, 'user.created', 'user', 'usr_' || gen_random_uuid(),
            '{"account_id": {"before": null, "after": "acc_0193a5b2-7c41-7d3e-9f2a-51c8e0d4b6a7"}, "email": {"before": null, "after": "bench-1764680000-12345@example.com"}, "display_name": {"before": null, "after": "Bench User"}, "super_admin": {"before": null, "after": false}, "status": {"before": null, "after": "active"}, "deleted_at": {"before": null, "after": null}}',
            '01KBF5G8Z3X9Q2W4E6R8T0Y2U4')
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

{ user_statements "$plain"; echo "COMMIT;"; } >"$work/user.sql"
{ user_statements "$plain"; audit_statement "$plain"; echo "COMMIT;"; } >"$work/audited.sql"
{ user_statements "$hooked"; audit_statement "$hooked"; echo "COMMIT;"; } >"$work/queued.sql"

tps() {
  "$pgbench" -n -M prepared -c "$clients" -j 2 -T "$seconds" -f "$1" "$url" 2>/dev/null |
    awk '/^tps = / { print $3; exit }'
}

runs="$work/runs"
for _ in 1 2; do
  for scenario in user audited queued; do
    echo "$scenario $(tps "$work/$scenario.sql")" >>"$runs"
  done
done

echo
echo "The database's share, by pgbench (prepared statements, $clients clients, 2 rounds of"
echo "${seconds} s each, in turns) on the same cluster, with the statements a user creation runs:"
echo
echo "| transaction | tps | against the user alone |"
echo "|---|---:|---:|"
awk '
  { sum[$1] += $2; count[$1]++ }
  END {
    user = sum["user"] / count["user"]
    audited = sum["audited"] / count["audited"]
    queued = sum["queued"] / count["queued"]
    printf "| read the account, insert the user | %.0f | 1.000 |\n", user
    printf "| … and record its audit event | %.0f | %.3f |\n", audited, audited / user
    printf "| … and queue the event for a webhook | %.0f | %.3f |\n", queued, queued / user
  }' "$runs"
