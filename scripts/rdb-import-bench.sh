#!/usr/bin/env bash
# Import speed vs Redis' own load speed on the same RDB file.
#
#   scripts/rdb-import-bench.sh [keys=1000000] [value-size=16]
#
# Makes an RDB with Debian's redis-server (DEBUG POPULATE <keys> key <size>, plus 1% of the
# keys as small hashes/sets/zsets/lists so every loader path is exercised), then measures
#   1. redis-server loading it at startup ("DB loaded from disk" in its log),
#   2. `strata-server import-rdb` loading it into an empty data dir.
# Needs a release build: CARGO_TARGET_DIR/release/strata-server (default target/).
set -euo pipefail
KEYS=${1:-1000000}
SIZE=${2:-16}
BIN=${CARGO_TARGET_DIR:-target}/release/strata-server
WORK=$(mktemp -d /tmp/rdb-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
PORT=$((20000 + RANDOM % 10000))
[ "$PORT" = 16399 ] && PORT=20001

redis-server --port "$PORT" --dir "$WORK" --dbfilename dump.rdb --save '' --appendonly no \
    --daemonize no --enable-debug-command yes --logfile "$WORK/gen.log" &
until redis-cli -p "$PORT" ping >/dev/null 2>&1; do sleep 0.1; done
redis-cli -p "$PORT" debug populate "$KEYS" key "$SIZE" >/dev/null
COLL=$((KEYS / 100))
python3 - "$PORT" "$COLL" <<'PY'
import socket, sys
port, n = int(sys.argv[1]), int(sys.argv[2])
s = socket.create_connection(("127.0.0.1", port))
def cmd(*a):
    out = b"*%d\r\n" % len(a)
    for x in a:
        x = str(x).encode()
        out += b"$%d\r\n%s\r\n" % (len(x), x)
    return out
buf = []
for i in range(n):
    k = i % 4
    if k == 0: buf.append(cmd("HSET", f"h:{i}", "a", i, "b", "text", "c", -i))
    elif k == 1: buf.append(cmd("SADD", f"s:{i}", i, i + 1, i + 2))
    elif k == 2: buf.append(cmd("ZADD", f"z:{i}", 1.5, "a", i, "b"))
    else: buf.append(cmd("RPUSH", f"l:{i}", "x", i, "y"))
    if len(buf) >= 1000 or i == n - 1:
        s.sendall(b"".join(buf))
        want = len(buf)
        got = 0
        data = b""
        while got < want:
            data += s.recv(1 << 16)
            got = data.count(b"\r\n")
        buf = []
PY
redis-cli -p "$PORT" save >/dev/null
TOTAL=$(redis-cli -p "$PORT" dbsize)
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
wait || true
ls -l "$WORK/dump.rdb"

# 1. Redis loading the file at startup.
redis-server --port "$PORT" --dir "$WORK" --dbfilename dump.rdb --save '' --appendonly no \
    --daemonize no --logfile "$WORK/load.log" &
until grep -q "DB loaded from disk" "$WORK/load.log" 2>/dev/null; do sleep 0.1; done
REDIS_SECS=$(grep -o "DB loaded from disk: [0-9.]*" "$WORK/load.log" | awk '{print $5}')
redis-cli -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
wait || true

# 2. Strata importing it.
START=$(date +%s.%N)
"$BIN" import-rdb "$WORK/dump.rdb" --quiet --dir "$WORK/strata" --appendfsync no
END=$(date +%s.%N)
du -sh "$WORK/strata"
python3 - "$TOTAL" "$REDIS_SECS" "$START" "$END" <<'PY'
import sys
keys, redis_s, start, end = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
strata_s = end - start
print(f"keys: {keys}")
print(f"redis-server load: {redis_s:.2f}s ({keys / redis_s:,.0f} keys/s)")
print(f"strata import-rdb: {strata_s:.2f}s ({keys / strata_s:,.0f} keys/s) = {redis_s / strata_s:.2f}x Redis' speed")
PY
