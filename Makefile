# Strata: `make run` starts the server, `make test` runs every test.
# Both first install the system packages they need (scripts/install-deps.sh)
# and build in release mode, so RocksDB is compiled once, optimised, and
# shared by run, test and bench. CARGO_TARGET_DIR is honoured when set.

CARGO ?= cargo
CONF ?= conf/strata.conf
# Extra server options, e.g. make run ARGS="--port 6380 --loglevel verbose"
ARGS ?=

.PHONY: run test bench deps

run: deps
	$(CARGO) run --release --bin strata-server -- $(CONF) $(ARGS)

test: deps
	$(CARGO) test --release --workspace

bench:
	bash scripts/bench.sh

deps:
	bash scripts/install-deps.sh
