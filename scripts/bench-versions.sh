#!/usr/bin/env bash
# What the version triggers (migration 000012) cost a write, by pgbench: an account rename
# into `accounts` (its trigger bumps the version) against the same into a copy of the table
# with the same indexes and no trigger; and a key's `last_used_at` write (the background
# writer's statement, whose trigger condition compares the rows as JSON less that column, and
# never bumps) against the same into a trigger-less copy. Not part of `make bench`
# (bench/MEASUREMENTS.md quotes it):
#
#   ROSTER_BIN=target/debug/roster scripts/with-server.sh scripts/bench-versions.sh
#
# BENCH_PGBENCH_SECONDS (5) per run, BENCH_CONCURRENCY (4) clients, three rounds in turns; one
# line per run, "scenario tps": compare within a round, rounds drift on a shared machine.
set -euo pipefail
url="$ROSTER_DATABASE_URL"
pgbench="$(command -v pgbench || echo /usr/lib/postgresql/15/bin/pgbench)"
seconds="${BENCH_PGBENCH_SECONDS:-5}"
clients="${BENCH_CONCURRENCY:-4}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

psql "$url" -qAtX -v ON_ERROR_STOP=1 <<'SQL'
CREATE TEMP TABLE seed AS SELECT gen_random_uuid() AS account, n FROM generate_series(1, 1000) n;
INSERT INTO accounts (id, name, slug, status, created_at, updated_at)
  SELECT account, 'Bench ' || n, 'bench-versions-' || n || '-' || floor(random() * 1e9)::text, 'active', now(), now() FROM seed;
INSERT INTO users (id, account_id, email, display_name, super_admin, status, created_at, updated_at)
  SELECT account, account, 'bench-' || n || '@example.com', 'Bench', false, 'active', now(), now() FROM seed;
INSERT INTO api_keys (id, account_id, user_id, name, key_digest, prefix, status, created_at, updated_at)
  SELECT account, account, account, 'bench', sha256(account::text::bytea), 'ldr_benchkey', 'active', now(), now() FROM seed;
DROP TABLE IF EXISTS bench_version_ids, bench_accounts_untriggered, bench_keys_untriggered;
CREATE TABLE bench_version_ids AS SELECT n, account AS id FROM seed;
CREATE TABLE bench_accounts_untriggered (LIKE accounts INCLUDING ALL);
INSERT INTO bench_accounts_untriggered SELECT * FROM accounts WHERE id IN (SELECT id FROM bench_version_ids);
CREATE TABLE bench_keys_untriggered (LIKE api_keys INCLUDING ALL);
INSERT INTO bench_keys_untriggered SELECT * FROM api_keys WHERE id IN (SELECT id FROM bench_version_ids);
SQL

rename() {
  cat <<SQL
\\set n random(1, 1000)
UPDATE $1 SET name = 'Renamed ' || :n || ' ' || random(), updated_at = now()
  WHERE id = (SELECT id FROM bench_version_ids WHERE n = :n);
SQL
}
use() {
  cat <<SQL
\\set n random(1, 1000)
UPDATE $1 SET last_used_at = clock_timestamp()
  WHERE id = (SELECT id FROM bench_version_ids WHERE n = :n)
    AND (last_used_at IS NULL OR last_used_at < clock_timestamp());
SQL
}
rename accounts >"$work/rename"
rename bench_accounts_untriggered >"$work/rename-untriggered"
use api_keys >"$work/use"
use bench_keys_untriggered >"$work/use-untriggered"

for round in 1 2 3; do
  for scenario in rename rename-untriggered use use-untriggered; do
    tps=$("$pgbench" -n -M prepared -c "$clients" -j 2 -T "$seconds" -f "$work/$scenario" "$url" 2>/dev/null |
      awk '/^tps/ { print int($3) }')
    echo "round $round: $scenario $tps"
  done
done
psql "$url" -qAtX -c "SELECT 'key versions after the uses: ' || min(version) || '-' || max(version) FROM api_keys WHERE id IN (SELECT id FROM bench_version_ids)"
