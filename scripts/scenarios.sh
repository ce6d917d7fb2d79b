#!/usr/bin/env bash
# Beyond-RAM scenarios with strata-load (src/bin/strata-load.rs): GET throughput and latency
# when the dataset is many times the memory budget, next to the same server with everything
# in budget, and the server's RSS throughout.
#
# One strata-server runs with a memory budget of BUDGET_MB (half hot tier, half RocksDB block
# cache). Scenarios, each after a warm-up:
#   in-budget   zipf GETs over SMALL_KEYS keys (all of it fits the budget): the reference
#   zipf        zipf GETs over KEYS keys
#   gaussian    gaussian GETs (sigma 1% of the key space) over KEYS keys
#   uniform     uniform GETs over KEYS keys (mostly misses of every cache: disk-bound)
#   mixed       zipf, 90% GET / 10% SET over KEYS keys
# The table prints ops/s, p50/p99/p99.9 latency, the ratio to in-budget, and RSS after each.
#
# Environment knobs (defaults in brackets):
#   KEYS [10000000]       keys of the big dataset (VALUE_SIZE bytes each)
#   SMALL_KEYS [100000]   keys of the in-budget dataset
#   VALUE_SIZE [150]      bytes per value
#   BUDGET_MB [64]        hot tier + block cache
#   CONNECTIONS [50]  PIPELINE [1]  DURATION [10]  WARMUP [5]
#   SETTLE [120]          longest wait after the fill for RocksDB's compactions to finish
#   STRATA_BIN, LOAD_BIN  use these binaries instead of building
#   STRATA_ARGS           extra strata-server options, e.g. "--io-threads 2"
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEYS="${KEYS:-10000000}"
SMALL_KEYS="${SMALL_KEYS:-100000}"
VALUE_SIZE="${VALUE_SIZE:-150}"
BUDGET_MB="${BUDGET_MB:-64}"
CONNECTIONS="${CONNECTIONS:-50}"
PIPELINE="${PIPELINE:-1}"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-5}"
SETTLE="${SETTLE:-120}"

# shellcheck source=scripts/one-server.sh
. "$ROOT/scripts/one-server.sh"
half=$((BUDGET_MB / 2))
start_strata --maxmemory "${half}mb" --rocksdb-block-cache-size "${half}mb"

rss_mb() { awk '/VmRSS/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/status"; }
load() { # prefix keys extra-args...
    local prefix="$1" keys="$2"
    shift 2
    "$LOAD_BIN" --port "$port" --prefix "$prefix" --keys "$keys" --value-size "$VALUE_SIZE" \
        --connections "$CONNECTIONS" --pipeline "$PIPELINE" "$@"
}
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }

echo "filling $SMALL_KEYS small and $KEYS big keys of $VALUE_SIZE bytes (budget ${BUDGET_MB} MB)..." >&2
load small: "$SMALL_KEYS" --fill --duration 0 >&2
load big: "$KEYS" --fill --duration 0 >&2
echo "after fill: RSS $(rss_mb) MB, data dir $(du -sm "$WORK/data" | cut -f1) MB" >&2
# The reads are measured on a settled store: wait (up to SETTLE seconds) until RocksDB has no
# compaction running or pending after the fill. Reads while compactions run are what the
# sustained-writes figures in docs/benchmarks.md show.
info_num() { redis-cli -p "$port" info memory | tr -d '\r' | sed -n "s/^$1://p"; }
settled=0
while [ "$settled" -lt "$SETTLE" ]; do
    if [ "$(info_num rocksdb_running_compactions)" = 0 ] &&
        [ "$(info_num rocksdb_pending_compaction_bytes)" = 0 ]; then
        break
    fi
    sleep 1
    settled=$((settled + 1))
done
echo "compactions settled after ${settled} s" >&2

rows=()
scenario() { # name prefix keys args...
    local name="$1" prefix="$2" keys="$3" out
    shift 3
    out="$(load "$prefix" "$keys" --warmup "$WARMUP" --duration "$DURATION" "$@")"
    echo "  $name: $out" >&2
    rows+=("$name $(echo "$out" | field ops_per_sec) $(echo "$out" | field p50_ms) $(echo "$out" | field p99_ms) $(echo "$out" | field p999_ms) $(rss_mb)")
}
scenario in-budget small: "$SMALL_KEYS" --dist zipf:0.99
scenario zipf big: "$KEYS" --dist zipf:0.99
scenario gaussian big: "$KEYS" --dist gaussian:0.01
scenario uniform big: "$KEYS" --dist uniform
scenario mixed big: "$KEYS" --dist zipf:0.99 --reads 0.9

echo
printf '%-10s %12s %9s %9s %9s %8s %8s\n' scenario ops/s p50_ms p99_ms p999_ms ratio rss_mb
base="$(echo "${rows[0]}" | awk '{ print $2 }')"
for row in "${rows[@]}"; do
    read -r name ops p50 p99 p999 rss <<<"$row"
    awk -v n="$name" -v o="$ops" -v a="$p50" -v b="$p99" -v c="$p999" -v r="$rss" -v base="$base" \
        'BEGIN { printf "%-10s %12.0f %9.3f %9.3f %9.3f %8.2f %8d\n", n, o, a, b, c, (base > 0 ? o / base : 0), r }'
done
