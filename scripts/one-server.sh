# Shared by scripts/scenarios.sh and scripts/sustained.sh (sourced, not run): the release
# binaries, a scratch directory, and one strata-server on a random loopback port that is
# stopped, and the directory removed, when the script exits.
#
# After sourcing: STRATA_BIN and LOAD_BIN (see scripts/binaries.sh), WORK.
# `start_strata options...` starts the server with its data in $WORK/data and sets `port`.

# shellcheck source=scripts/binaries.sh
. "$ROOT/scripts/binaries.sh"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/strata-run.XXXXXX")"
pid=""
cleanup() {
    if [ -n "$pid" ]; then
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_strata() { # options...
    port=$((20000 + RANDOM % 10000))
    # shellcheck disable=SC2086 # STRATA_ARGS is a list of options
    "$STRATA_BIN" --port "$port" --bind 127.0.0.1 --dir "$WORK/data" --appendfsync everysec \
        --logfile "$WORK/strata.log" "$@" ${STRATA_ARGS:-} &
    pid=$!
    local _
    for _ in $(seq 1 100); do
        redis-cli -p "$port" ping 2>/dev/null | grep -q PONG && return 0
        sleep 0.1
    done
    echo "strata-server did not come up on port $port" >&2
    tail -n 20 "$WORK/strata.log" >&2 || true
    exit 1
}
