#!/usr/bin/env bash
# Benchmarks Strata against a real redis-server on this machine with
# redis-benchmark and prints ops/s side by side.
#
# Both servers run at once on loopback, each on a free port in its own
# temporary directory, with comparable durability: Strata with
# appendfsync everysec, Redis with AOF on and appendfsync everysec (RDB off).
# Runs alternate strata, redis, strata, redis, ... for every test and
# pipeline depth so that machine noise hits both alike; the table shows the
# mean of the rounds.
#
# Environment knobs (defaults in brackets):
#   N [200000]            requests per run
#   CLIENTS [50]          parallel connections
#   TESTS [set,get,incr,mset,hset,sadd,spop,lpush,rpush,lpop,rpop,lrange_100,zadd,zpopmin]
#   PIPELINES ["1 16"]    pipeline depths (-P), space or comma separated
#   KEYSPACE [100000]     random key space (-r)
#   ROUNDS [2]            runs per server for each test and depth
#   CUSTOM [pfadd,pfcount,setbit,bitcount,evalsha]  commands redis-benchmark has no test for, run
#                         in its custom-command form at every depth (empty = skip): evalsha runs
#                         the save-user script of the README (INCR, 3 HSETs, ZADD); pfadd adds random
#                         elements to one HyperLogLog (dense after the first few thousand),
#                         pfcount counts it (its cached cardinality after a PFADD changes it);
#                         setbit sets bit 1023 of random keys (128-byte bitmaps: the random
#                         placeholder has leading zeros, which no offset may have); bitcount
#                         counts those bitmaps. Also available (not by default): the huge-string
#                         edits big_setrange (SETRANGE at 500 MB), big_setbit (SETBIT at 2^32-1),
#                         big_append (APPEND to a 100 MB value) and big_getrange (10 bytes of it),
#                         each on one fixed key, to compare with TESTS=get,set on small values
#   SINTER_SIZE [100000]  members of each of the two sets for the SINTER run (0 = skip)
#   SINTER_N [200]        SINTER requests per run (each intersects the two sets)
#   ZSET_SIZE [1000000]   members of the zset for the rank and range runs (0 = skip): ZREVRANK
#                         of a random member, ZRANGE at rank 500000 (a deep offset) and
#                         ZRANGEBYSCORE from a random score with LIMIT 0 10, one client each, as
#                         requests/s and as p99 latency in ms (rows ending in _p99; lower is
#                         better there)
#   ZSET_N [20000]        requests per rank/range run
#   FANOUT_SUBS [100]     subscribers for the PUBLISH fan-out run (0 = skip)
#   FANOUT_N [20000]      PUBLISH requests per fan-out run (one publisher)
#   TX_N [20000]          MULTI + 10 SETs + EXEC transactions per run (0 = skip), piped
#                         through one connection (multi10); the same transaction is also run
#                         by CLIENTS connections at once, each sending one and waiting for its
#                         replies, as client libraries do (multi10_conns, with strata-load)
#   TX_SECS [5]           seconds of each multi10_conns run
#   STRATA_BIN            use this strata-server binary instead of building
#   STRATA_ARGS           extra strata-server options, e.g. "--io-threads 1"
#
# Beside ops/s, the table shows each server's CPU time (user + system, all threads, from
# /proc) per request for the redis-benchmark rows (lrange_* rows count the fill that their
# test runs first too): on a shared machine, where the client and
# the neighbours take cores at random, this cost is steadier than throughput.
# Works from any directory.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
N="${N:-200000}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS:-set,get,incr,mset,hset,sadd,spop,lpush,rpush,lpop,rpop,lrange_100,zadd,zpopmin}"
CUSTOM="${CUSTOM-pfadd,pfcount,setbit,bitcount,evalsha}"
SINTER_SIZE="${SINTER_SIZE:-100000}"
SINTER_N="${SINTER_N:-200}"
FANOUT_SUBS="${FANOUT_SUBS:-100}"
FANOUT_N="${FANOUT_N:-20000}"
TX_N="${TX_N:-20000}"
TX_SECS="${TX_SECS:-5}"
PIPELINES="${PIPELINES:-1 16}"
KEYSPACE="${KEYSPACE:-100000}"
ROUNDS="${ROUNDS:-2}"
ZSET_SIZE="${ZSET_SIZE:-1000000}"
ZSET_N="${ZSET_N:-20000}"

# shellcheck source=scripts/binaries.sh
. "$ROOT/scripts/binaries.sh"
BIN="$STRATA_BIN"
if [ ! -x "$BIN" ]; then
    echo "bench: built binary not found at $BIN" >&2
    exit 1
fi

WORK="$(mktemp -d "${TMPDIR:-/tmp}/strata-bench.XXXXXX")"
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_in_use() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

free_port() {
    local port tries=0
    while [ "$tries" -lt 200 ]; do
        # Below Linux's ephemeral range (32768+), where a port can be taken by an outgoing
        # connection that a connect probe does not see.
        port=$((20000 + RANDOM % 12000))
        if ! port_in_use "$port" && [ "$port" != "${STRATA_PORT:-}" ]; then
            echo "$port"
            return 0
        fi
        tries=$((tries + 1))
    done
    echo "bench: no free port found" >&2
    return 1
}

wait_ready() { # name port log pid
    local i
    for i in $(seq 1 300); do
        if redis-cli -h 127.0.0.1 -p "$2" ping 2>/dev/null | grep -q PONG; then
            return 0
        fi
        if ! kill -0 "$4" 2>/dev/null; then
            break
        fi
        sleep 0.1
    done
    echo "bench: $1 did not come up on port $2; last log lines:" >&2
    tail -n 20 "$3" >&2 || true
    exit 1
}

mkdir -p "$WORK/strata" "$WORK/redis"

STRATA_PORT="$(free_port)"
# shellcheck disable=SC2086 # STRATA_ARGS is a list of options
"$BIN" --port "$STRATA_PORT" --bind 127.0.0.1 --dir "$WORK/strata" \
    --appendfsync everysec --logfile "$WORK/strata.log" ${STRATA_ARGS:-} &
pids+=($!)
STRATA_PID=$!
wait_ready strata "$STRATA_PORT" "$WORK/strata.log" "${pids[-1]}"

REDIS_PORT="$(free_port)"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK/redis" \
    --appendonly yes --appendfsync everysec --save '' --daemonize no \
    --logfile "$WORK/redis.log" &
pids+=($!)
REDIS_PID=$!
wait_ready redis "$REDIS_PORT" "$WORK/redis.log" "${pids[-1]}"

# Prints the requests/s of one redis-benchmark run (one test, one depth). Some tests (lrange_*)
# first run a filling test of their own; the test asked for is the last row.
run_one() { # port test pipeline
    redis-benchmark -h 127.0.0.1 -p "$1" -t "$2" -n "$N" -c "$CLIENTS" \
        -r "$KEYSPACE" -P "$3" -q --csv 2>/dev/null |
        awk -F'"' 'NR > 1 && $4 != "" { v = $4 } END { print v }'
}

echo "strata on :$STRATA_PORT, redis $(redis-server --version | awk '{print $3}') on :$REDIS_PORT;" \
    "n=$N clients=$CLIENTS keyspace=$KEYSPACE rounds=$ROUNDS" >&2

# CPU time a process has used, in clock ticks (user + system; the fields after the name).
cpu_ticks() { # pid
    awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
TICK_US=$((1000000 / $(getconf CLK_TCK)))

# Runs `runner port args...` ROUNDS times on each server, alternating, and appends the sums of
# the results as one row (label, pipeline depth, strata, redis, and with `requests` given the
# servers' CPU microseconds per request) to `results`.
results=()
measure() { # label pipeline requests runner args... (requests: per run, or - for no CPU figure)
    local label="$1" pipeline="$2" requests="$3" runner="$4" round s r s_sum=0 r_sum=0
    local t0 s_cpu=0 r_cpu=0
    shift 4
    for round in $(seq 1 "$ROUNDS"); do
        t0="$(cpu_ticks "$STRATA_PID")"
        s="$("$runner" "$STRATA_PORT" "$@")"
        s_cpu=$((s_cpu + $(cpu_ticks "$STRATA_PID") - t0))
        t0="$(cpu_ticks "$REDIS_PID")"
        r="$("$runner" "$REDIS_PORT" "$@")"
        r_cpu=$((r_cpu + $(cpu_ticks "$REDIS_PID") - t0))
        if [ -z "$s" ] || [ -z "$r" ]; then
            echo "bench: $label -P $pipeline round $round produced no result" \
                "(strata='$s' redis='$r')" >&2
            exit 1
        fi
        echo "  $label -P $pipeline round $round: strata $s, redis $r" >&2
        s_sum="$(awk -v a="$s_sum" -v b="$s" 'BEGIN { print a + b }')"
        r_sum="$(awk -v a="$r_sum" -v b="$r" 'BEGIN { print a + b }')"
    done
    if [ "$requests" = - ]; then
        results+=("$label $pipeline $s_sum $r_sum - -")
    else
        results+=("$label $pipeline $s_sum $r_sum $(awk -v s="$s_cpu" -v r="$r_cpu" \
            -v n="$((requests * ROUNDS))" -v t="$TICK_US" 'BEGIN { printf "%.2f %.2f", s * t / n, r * t / n }')")
    fi
}

for test in ${TESTS//,/ }; do
    for pipeline in ${PIPELINES//,/ }; do
        measure "$test" "$pipeline" "$N" run_one "$test" "$pipeline"
    done
done

# The command line of each CUSTOM test (__rand_int__ is redis-benchmark's random placeholder).
# The README's save-user script, loaded on both servers when the evalsha test runs.
SAVE_USER='local id = redis.call("INCR", "users")
redis.call("HSET", "user:" .. id, "name", KEYS[1])
redis.call("HSET", "user:" .. id, "email", KEYS[2])
redis.call("HSET", "user:" .. id, "password", KEYS[3])
redis.call("ZADD", "user:emails", id, KEYS[2])
return id'
SAVE_USER_SHA=""
if [[ ",$CUSTOM," == *,evalsha,* ]]; then
    for port in "$STRATA_PORT" "$REDIS_PORT"; do
        SAVE_USER_SHA="$(redis-cli -h 127.0.0.1 -p "$port" SCRIPT LOAD "$SAVE_USER")"
    done
fi
custom_cmd() { # name
    case "$1" in
    evalsha) echo "EVALSHA $SAVE_USER_SHA 3 name:__rand_int__ mail:__rand_int__ pw:__rand_int__" ;;
    pfadd) echo "PFADD bench:hll elem:__rand_int__" ;;
    pfcount) echo "PFCOUNT bench:hll" ;;
    setbit) echo "SETBIT bench:bits:__rand_int__ 1023 1" ;;
    bitcount) echo "BITCOUNT bench:bits:__rand_int__" ;;
    big_setrange) echo "SETRANGE bench:big:sparse 524288000 hello" ;;
    big_setbit) echo "SETBIT bench:big:bits 4294967295 1" ;;
    big_append) echo "APPEND bench:big:100mb 0123456789" ;;
    big_getrange) echo "GETRANGE bench:big:100mb 52428800 52428809" ;;
    *)
        echo "bench: unknown CUSTOM test '$1'" >&2
        return 1
        ;;
    esac
}
run_custom() { # port pipeline command...
    local port="$1" pipeline="$2"
    shift 2
    redis-benchmark -h 127.0.0.1 -p "$port" -n "$N" -c "$CLIENTS" -r "$KEYSPACE" \
        -P "$pipeline" -q --csv "$@" 2>/dev/null |
        awk -F'"' 'NR > 1 && $4 != "" { print $4; exit }'
}
if [[ ",$CUSTOM," == *,big_append,* || ",$CUSTOM," == *,big_getrange,* ]]; then
    for port in "$STRATA_PORT" "$REDIS_PORT"; do
        redis-cli -h 127.0.0.1 -p "$port" SETRANGE bench:big:100mb 104857599 x >/dev/null
    done
fi
for test in ${CUSTOM//,/ }; do
    custom="$(custom_cmd "$test")"
    read -r -a cmd <<<"$custom"
    for pipeline in ${PIPELINES//,/ }; do
        measure "$test" "$pipeline" "$N" run_custom "$pipeline" "${cmd[@]}"
    done
done

# SINTER of two SINTER_SIZE-member sets that overlap by half, filled through a pipe.
fill_sinter_sets() { # port
    awk -v n="$SINTER_SIZE" 'function sadd(key, from, to,   i, line, c) {
            for (i = from; i < to; i += 1000) {
                line = ""; c = 0
                for (j = i; j < i + 1000 && j < to; j++) { line = line " m:" j; c++ }
                print "SADD " key line
            }
        }
        BEGIN { sadd("bench:sinter:a", 0, n); sadd("bench:sinter:b", n / 2, n + n / 2) }' |
        redis-cli -h 127.0.0.1 -p "$1" >/dev/null
}
run_sinter() { # port
    redis-benchmark -h 127.0.0.1 -p "$1" -n "$SINTER_N" -c 4 -q --csv \
        SINTER bench:sinter:a bench:sinter:b 2>/dev/null |
        awk -F'"' 'NR > 1 && $4 != "" { print $4; exit }'
}
if [ "$SINTER_SIZE" -gt 0 ]; then
    fill_sinter_sets "$STRATA_PORT"
    fill_sinter_sets "$REDIS_PORT"
    measure sinter 1 - run_sinter
fi

# Ranks and ranges on one ZSET_SIZE-member zset: members m:<12 digits> (redis-benchmark's
# __rand_int__ form), scores spread over [0, ZSET_SIZE).
fill_zset() { # port
    awk -v n="$ZSET_SIZE" 'BEGIN {
            for (i = 0; i < n; i += 1000) {
                line = "ZADD bench:zset"
                for (j = i; j < i + 1000 && j < n; j++) line = line sprintf(" %d m:%012d", (j * 7919) % n, j)
                print line
            }
        }' | redis-cli -h 127.0.0.1 -p "$1" >/dev/null
}
run_zset() { # port field command... (field: 4 = requests/s, 14 = p99 ms in the CSV)
    local port="$1" field="$2"
    shift 2
    redis-benchmark -h 127.0.0.1 -p "$port" -n "$ZSET_N" -c 1 -r "$ZSET_SIZE" -q --csv "$@" 2>/dev/null |
        awk -F'"' -v f="$field" 'NR > 1 && $4 != "" { print $f; exit }'
}
if [ "$ZSET_SIZE" -gt 0 ]; then
    fill_zset "$STRATA_PORT"
    fill_zset "$REDIS_PORT"
    deep=$((ZSET_SIZE / 2))
    for field in 4 14; do
        suffix=""
        [ "$field" = 14 ] && suffix="_p99"
        measure "zrevrank$suffix" 1 - run_zset "$field" ZREVRANK bench:zset m:__rand_int__
        measure "zrange_deep$suffix" 1 - run_zset "$field" ZRANGE bench:zset "$deep" "$((deep + 10))"
        measure "zrangebyscore$suffix" 1 - run_zset "$field" ZRANGEBYSCORE bench:zset __rand_int__ +inf LIMIT 0 10
    done
fi

# PUBLISH fan-out: one publisher, FANOUT_SUBS subscribers (redis-cli processes) on one channel.
start_subscribers() { # port
    local i
    for i in $(seq 1 "$FANOUT_SUBS"); do
        redis-cli -h 127.0.0.1 -p "$1" subscribe bench:fan >/dev/null 2>&1 &
        pids+=($!)
    done
    # Wait until every subscriber is registered.
    for i in $(seq 1 100); do
        if [ "$(redis-cli -h 127.0.0.1 -p "$1" pubsub numsub bench:fan | tail -n 1)" -ge "$FANOUT_SUBS" ]; then
            return 0
        fi
        sleep 0.1
    done
    echo "bench: subscribers did not come up on port $1" >&2
    exit 1
}
run_publish() { # port
    redis-benchmark -h 127.0.0.1 -p "$1" -n "$FANOUT_N" -c 1 -q --csv \
        PUBLISH bench:fan hello-subscribers 2>/dev/null |
        awk -F'"' 'NR > 1 && $4 != "" { print $4; exit }'
}
if [ "$FANOUT_SUBS" -gt 0 ]; then
    start_subscribers "$STRATA_PORT"
    start_subscribers "$REDIS_PORT"
    measure "publish$FANOUT_SUBS" 1 - run_publish
fi

# MULTI, 10 SETs, EXEC: TX_N transactions piped through one connection; transactions/s.
if [ "$TX_N" -gt 0 ]; then
    awk -v n="$TX_N" 'function cmd(a, b, c,   out) {
            if (b == "") { printf "*1\r\n$%d\r\n%s\r\n", length(a), a; return }
            printf "*3\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n", length(a), a, length(b), b, length(c), c
        }
        BEGIN { for (t = 0; t < n; t++) { cmd("MULTI"); for (k = 0; k < 10; k++) cmd("SET", "tx:" k, t); cmd("EXEC") } }' \
        >"$WORK/tx.resp"
    run_tx() { # port
        local start end
        start="$(date +%s.%N)"
        redis-cli -h 127.0.0.1 -p "$1" --pipe <"$WORK/tx.resp" >/dev/null 2>&1
        end="$(date +%s.%N)"
        awk -v n="$TX_N" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f\n", n / (b - a) }'
    }
    measure multi10 1 - run_tx
    if [ -x "$LOAD_BIN" ]; then
        run_tx_conns() { # port
            "$LOAD_BIN" --port "$1" --prefix tx: --keys "$KEYSPACE" --value-size 3 \
                --connections "$CLIENTS" --multi 10 --duration "$TX_SECS" --warmup 1 |
                sed -n 's/.*ops_per_sec=\([0-9]*\).*/\1/p'
        }
        measure multi10_conns 1 - run_tx_conns
    else
        echo "bench: no strata-load at $LOAD_BIN; skipping multi10_conns" >&2
    fi
fi

echo
printf '%-18s %8s %14s %14s %14s %10s %10s %10s\n' test pipeline "strata ops/s" "redis ops/s" \
    "strata/redis" "strata us" "redis us" "cpu r/s"
for row in "${results[@]}"; do
    read -r test pipeline s_sum r_sum s_us r_us <<<"$row"
    awk -v t="$test" -v p="$pipeline" -v s="$s_sum" -v r="$r_sum" -v n="$ROUNDS" \
        -v su="$s_us" -v ru="$r_us" 'BEGIN {
        s /= n; r /= n
        if (t ~ /_p99$/) printf "%-18s %8s %14.3f %14.3f %14.2f", t, p, s, r, (r > 0 ? s / r : 0)
        else printf "%-18s %8s %14.0f %14.0f %14.2f", t, p, s, r, (r > 0 ? s / r : 0)
        if (su == "-") printf " %10s %10s %10s\n", "-", "-", "-"
        else printf " %10.2f %10.2f %10.2f\n", su, ru, (su > 0 ? ru / su : 0)
    }'
done
