#!/usr/bin/env bash
# `make bench`: latency, throughput and memory of a release `roster serve` over a fresh throwaway
# cluster, measured by the roster-bench load generator (bench/) on the same machine, written to
# bench/RESULTS.md (or BENCH_OUT) with the machine and commit it was measured on.
#
# BENCH_ROWS, BENCH_SECONDS and BENCH_CONCURRENCY size the run (see bench/src/main.rs). The
# server logs every request at `info`, as in production (RUST_LOG overrides).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cargo build --release --quiet --bin roster --bin roster-bench
export ROSTER_BIN="$PWD/target/release/roster"
export RUST_LOG="${RUST_LOG:-info}"

out="${BENCH_OUT:-bench/RESULTS.md}"
measured="$(mktemp)"
trap 'rm -f "$measured"' EXIT
# The load through the server, then the database's share of an audit event by pgbench.
scripts/with-server.sh bash -c 'target/release/roster-bench && scripts/bench-audit.sh' >"$measured"

commit="$(git rev-parse --short HEAD)"
git diff --quiet HEAD -- crates migrations bench Cargo.lock || commit="$commit with local changes"
cpu="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
memory="$(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)"
{
  echo "# Benchmark results"
  echo
  echo "Measured by \`make bench\` on $(date -u +%Y-%m-%d), commit $commit: a release build of"
  echo "\`roster serve\` (one HTTP worker per core, pool of 10 connections, request logs at"
  echo "\`${RUST_LOG}\`) over PostgreSQL with fsync off (the throwaway cluster of"
  echo "\`scripts/pg.sh\`: writes cost less than on a durable one), on $(nproc) cores ($cpu) and"
  echo "$memory of memory. The load generator runs on the same cores as the server and the"
  echo "database, so the throughput is the machine's, not the server's alone; compare rows"
  echo "with each other rather than with other machines."
  echo
  cat "$measured"
} >"$out"
cat "$out"
