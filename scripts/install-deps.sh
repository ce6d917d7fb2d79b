#!/usr/bin/env bash
# Installs the system packages Strata needs on a Debian/Ubuntu machine that
# already has Rust:
#   clang, libclang-dev        - RocksDB's build (bindgen loads libclang)
#   make                       - jemalloc's build
#   redis-server, redis-tools  - the tests and benchmarks compare against a
#                                real Redis and use redis-cli/redis-benchmark
# Idempotent: when everything is present it only checks and exits.
# It never starts Redis, and nothing in Strata relies on a system Redis.
set -euo pipefail

missing=()

command -v clang >/dev/null 2>&1 || missing+=(clang)

have_libclang() {
    local ldconfig_bin
    ldconfig_bin="$(command -v ldconfig 2>/dev/null || echo /sbin/ldconfig)"
    if [ -x "$ldconfig_bin" ] && "$ldconfig_bin" -p 2>/dev/null | grep -q 'libclang[-.0-9]*\.so'; then
        return 0
    fi
    compgen -G '/usr/lib/llvm-*/lib/libclang*.so*' >/dev/null 2>&1
}
have_libclang || missing+=(libclang-dev)

command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
{ command -v redis-benchmark >/dev/null 2>&1 && command -v redis-cli >/dev/null 2>&1; } || missing+=(redis-tools)
# RocksDB is C++; Rust-only images normally ship a C++ compiler, but check.
command -v c++ >/dev/null 2>&1 || missing+=(g++)
# jemalloc (the server's allocator) builds with its configure script and make.
command -v make >/dev/null 2>&1 || missing+=(make)

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-deps: apt-get not found; please install: ${missing[*]}" >&2
    exit 1
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "install-deps: not root and sudo is missing; please install: ${missing[*]}" >&2
        exit 1
    fi
    sudo=(sudo)
fi

# Keep the redis-server package from starting its service: it would listen
# on 6379, Strata's default port. Debian's maintainer scripts honour
# policy-rc.d; only add one if the machine has none.
policy=/usr/sbin/policy-rc.d
added_policy=0
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$policy" >/dev/null
    "${sudo[@]}" chmod 755 "$policy"
    added_policy=1
fi
cleanup() {
    if [ "$added_policy" -eq 1 ]; then
        "${sudo[@]}" rm -f "$policy"
    fi
}
trap cleanup EXIT

"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    clang libclang-dev redis-server redis-tools "${missing[@]}"

# On a systemd machine the package also enables the service for the next
# boot; Strata never needs it, and it would take port 6379.
case " ${missing[*]} " in
*" redis-server "*)
    if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
        "${sudo[@]}" systemctl disable --now redis-server >/dev/null 2>&1 || true
    fi
    ;;
esac

echo "install-deps: done" >&2
