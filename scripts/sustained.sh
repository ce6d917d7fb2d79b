#!/usr/bin/env bash
# Sustained writes: strata-load (src/bin/strata-load.rs) against a default strata-server for
# DURATION seconds of half GETs, half SETs over a key space that keeps growing on disk, while
# memtables flush and compactions run. Prints the load's throughput and latency percentiles,
# then what the server saw: the commands that took SLOW_MS or more to execute (commit
# included), counted from its slow log, the slowest of them, and RocksDB's own count of time
# spent in write stalls. The client's slowest request also holds the time it waited for a core
# (the load runs on the same machine); the slow log does not.
#
# Environment knobs (defaults in brackets):
#   KEYS [5000000]  VALUE_SIZE [150]  CONNECTIONS [50]  READS [0.5]  DURATION [300]
#   SLOW_MS [10]          slow-log threshold in milliseconds
#   STALL_MS [100]        the longest execution allowed; the script fails past it
#   STRATA_BIN, LOAD_BIN  use these binaries instead of building
#   STRATA_ARGS           extra strata-server options
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEYS="${KEYS:-5000000}"
VALUE_SIZE="${VALUE_SIZE:-150}"
CONNECTIONS="${CONNECTIONS:-50}"
READS="${READS:-0.5}"
DURATION="${DURATION:-300}"
SLOW_MS="${SLOW_MS:-10}"
STALL_MS="${STALL_MS:-100}"

# shellcheck source=scripts/one-server.sh
. "$ROOT/scripts/one-server.sh"
start_strata --slowlog-log-slower-than "$((SLOW_MS * 1000))" --slowlog-max-len 1000000

echo "sustained: $DURATION s, $CONNECTIONS connections, $READS reads, $KEYS keys of $VALUE_SIZE bytes" >&2
"$LOAD_BIN" --port "$port" --keys "$KEYS" --value-size "$VALUE_SIZE" --connections "$CONNECTIONS" \
    --dist uniform --reads "$READS" --duration "$DURATION"

# SLOWLOG GET -1: each entry is id, time, microseconds, then its arguments, address and name;
# redis-cli prints one value per line, so the durations are the lines after each timestamp.
slow="$(redis-cli -p "$port" slowlog get -1 |
    awk 'prev_ts { print; prev_ts = 0; next } /^[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]$/ { prev_ts = 1 }')"
count="$(printf '%s\n' "$slow" | grep -c . || true)"
over="$(printf '%s\n' "$slow" | awk -v l="$((STALL_MS * 1000))" '$1 >= l' | grep -c . || true)"
max="$(printf '%s\n' "$slow" | sort -n | tail -n1)"
echo "server: $count commands took ${SLOW_MS} ms or more, $over took ${STALL_MS} ms or more;" \
    "slowest ${max:-0} us"
stall="$(grep -h "Cumulative stall" "$WORK"/data/*/LOG 2>/dev/null | tail -n1 | sed 's/^ *//' || true)"
echo "rocksdb: ${stall:-no stall line in the LOG}"
if [ "${over:-0}" -gt 0 ]; then
    echo "sustained: $over commands took ${STALL_MS} ms or more" >&2
    exit 1
fi
