# Sourced by the benchmark scripts, not run: installs what they need and sets STRATA_BIN and
# LOAD_BIN. Given binaries are used as they are (strata-load defaults to the one beside a given
# server); otherwise both are built in release mode.

bash "$ROOT/scripts/install-deps.sh"
cd "$ROOT"
if [ -n "${STRATA_BIN:-}" ]; then
    LOAD_BIN="${LOAD_BIN:-$(dirname "$STRATA_BIN")/strata-load}"
else
    echo "Building strata-server and strata-load (release)..." >&2
    cargo build --release --bin strata-server --bin strata-load >&2
    target_dir="$(cargo metadata --format-version 1 --no-deps |
        grep -o '"target_directory":"[^"]*"' | head -n1 | cut -d'"' -f4)"
    STRATA_BIN="${target_dir:-$ROOT/target}/release/strata-server"
    LOAD_BIN="${LOAD_BIN:-${target_dir:-$ROOT/target}/release/strata-load}"
fi
