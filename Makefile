# The front door. `make run` serves Roster on a local throwaway PostgreSQL with a bootstrapped
# superadmin; `make test` runs every test against a fresh one.
SHELL := /bin/bash

.PHONY: run test test-rust contract lint openapi check-openapi bench db-start db-stop

run:
	scripts/dev-run.sh

# Every test: the Rust suites, then the OpenAPI contract checks against a live server.
test: test-rust contract

# Unit, adapter and black-box tests.
test-rust:
	scripts/test.sh

# The document validated, generated TypeScript and Python clients driven against a live server,
# and schemathesis fuzzing it (ROSTER_FUZZ_EXAMPLES cases per operation; CI uses more).
contract:
	scripts/contract.sh

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings
	scripts/check-layering.sh
	$(MAKE) --no-print-directory check-openapi

# Regenerates the committed OpenAPI document.
openapi:
	cargo build --quiet --bin roster
	target/debug/roster openapi > openapi/openapi.json

# Fails when the committed document differs from what the code emits.
check-openapi:
	cargo build --quiet --bin roster
	@target/debug/roster openapi | diff -u openapi/openapi.json - \
		|| { echo "openapi/openapi.json is stale: run 'make openapi' and commit it" >&2; exit 1; }

# Latency, throughput and memory of a release server, written to bench/RESULTS.md.
bench:
	scripts/bench.sh

db-start:
	scripts/pg.sh start dev

db-stop:
	scripts/pg.sh stop dev
