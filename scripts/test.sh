#!/usr/bin/env bash
# Runs every test (unit, adapter, black-box) against a fresh throwaway PostgreSQL cluster,
# stopped afterwards. With ROSTER_TEST_DATABASE_URL set, uses that cluster instead.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The CLI tests drive the real binary.
cargo build --bin roster
export ROSTER_BIN="${ROSTER_BIN:-$PWD/target/debug/roster}"

if [ -z "${ROSTER_TEST_DATABASE_URL:-}" ]; then
  scripts/pg.sh start test --fresh
  trap 'scripts/pg.sh stop test' EXIT
  ROSTER_TEST_DATABASE_URL="$(scripts/pg.sh url test postgres)"
  export ROSTER_TEST_DATABASE_URL
fi

if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
else
  echo "cargo-nextest not found; running cargo test" >&2
  cargo test --workspace --no-fail-fast
fi
cargo test --workspace --doc --quiet
