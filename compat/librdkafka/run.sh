#!/usr/bin/env bash
# Run librdkafka's own regression suite (tests/ of Debian's librdkafka source
# package) against a samsa broker that this harness starts itself.
#
#   compat/librdkafka/run.sh [--samsa PATH] [--list FILE | TEST ...] [--all]
#                            [--dry-run] [--list-tests] [--help] ...
#
# This file does the machine set-up (which is shell work: apt, dpkg-source,
# make) and then hands over to run.py, which starts the broker, runs the tests
# and prints one PASS/FAIL/SKIP line per test.  Nothing of librdkafka is kept
# in this repository: the source and its build live in a cache outside it,
#   ${SAMSA_CACHE:-$HOME/.cache/samsa}/librdkafka-src/
# and are reused when present.  On a fresh machine (CI runs as root) the
# script adds a deb-src apt source, installs the build dependencies that are
# missing, fetches the source with `apt-get source librdkafka` and builds
# librdkafka plus its test-runner once (several minutes on 2 cores).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
CACHE=${SAMSA_CACHE:-$HOME/.cache/samsa}
SRC_ROOT=$CACHE/librdkafka-src
JOBS=${JOBS:-2}
# Configure flags: everything the suite can exercise on Linux except the
# HTTP client (only used by the OIDC test 0126, which needs an OIDC server).
CONFIGURE_FLAGS="--disable-curl --enable-ssl --enable-gssapi --enable-zstd --enable-zlib --enable-lz4-ext"
BUILD_STAMP_NAME=.samsa-build-ok

say() { echo "[librdkafka-compat] $*" >&2; }
die() { say "ERROR: $*"; exit 2; }

# Packages needed to fetch (dpkg-dev for dpkg-source) and build the suite.
PKGS=(build-essential g++ make dpkg-dev xz-utils pkg-config python3
      libssl-dev zlib1g-dev libzstd-dev liblz4-dev libsasl2-dev coreutils
      rapidjson-dev             # tests 0053/0110 check statistics JSON with it
      python3-confluent-kafka)  # for the kafka-topics.sh stand-in

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"
    elif command -v sudo >/dev/null 2>&1; then sudo "$@"
    else die "need root to run: $*"; fi
}

ensure_packages() {
    local missing=() p
    for p in "${PKGS[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" \
            || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then
        say "installing missing packages: ${missing[*]}"
        as_root apt-get -q update >&2
        as_root env DEBIAN_FRONTEND=noninteractive \
            apt-get -q install -y --no-install-recommends "${missing[@]}" >&2
    fi
}

have_deb_src() {
    grep -rqsE '^[[:space:]]*Types:.*deb-src' /etc/apt/sources.list.d/ 2>/dev/null ||
        grep -qsE '^[[:space:]]*deb-src[[:space:]]' /etc/apt/sources.list \
            /etc/apt/sources.list.d/*.list 2>/dev/null
}

add_deb_src() {
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
        say "adding /etc/apt/sources.list.d/debian-src.sources (deb-src copy of debian.sources)"
        sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
            as_root tee /etc/apt/sources.list.d/debian-src.sources >/dev/null
    elif [ -f /etc/apt/sources.list ] && grep -qE '^deb[[:space:]]' /etc/apt/sources.list; then
        say "adding /etc/apt/sources.list.d/debian-src.list (deb-src copy of sources.list)"
        sed -n 's/^deb[[:space:]]/deb-src /p' /etc/apt/sources.list |
            as_root tee /etc/apt/sources.list.d/debian-src.list >/dev/null
    else
        die "no Debian apt source found to derive a deb-src entry from"
    fi
}

src_dir() {
    # The unpacked source tree (librdkafka-<version>), if any.
    local d
    for d in "$SRC_ROOT"/librdkafka-*/; do
        [ -f "$d/tests/test.c" ] && { echo "${d%/}"; return 0; }
    done
    return 1
}

ensure_source() {
    if src_dir >/dev/null; then return 0; fi
    say "librdkafka source not cached: fetching it into $SRC_ROOT"
    have_deb_src || add_deb_src
    say "apt-get update"
    as_root apt-get -q update >&2
    mkdir -p "$SRC_ROOT"
    say "apt-get source librdkafka (in $SRC_ROOT)"
    (cd "$SRC_ROOT" && apt-get source librdkafka >&2)
    src_dir >/dev/null || die "apt-get source librdkafka did not produce tests/test.c"
}

build_id() {
    # What the cached build depends on besides the source: configure flags
    # and the optional RapidJSON headers configure probes for.
    local rj=no
    [ -f /usr/include/rapidjson/schema.h ] && rj=yes
    echo "$CONFIGURE_FLAGS rapidjson=$rj"
}

ensure_build() {
    local src stamp
    src=$(src_dir)
    stamp=$src/$BUILD_STAMP_NAME
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(build_id)" ] &&
        [ -x "$src/tests/test-runner" ]; then
        return 0
    fi
    rm -f "$stamp"
    if [ -e "$src/tests/test-runner" ]; then
        say "configuration changed since the cached build: make clean"
        (cd "$src" && make clean >/dev/null 2>&1) || true
    fi
    say "building librdkafka and its test-runner in $src (make -j$JOBS; logs in $src/samsa-build-*.log)"
    say "./configure $CONFIGURE_FLAGS"
    (cd "$src" && ./configure $CONFIGURE_FLAGS >samsa-build-configure.log 2>&1) ||
        { tail -30 "$src/samsa-build-configure.log" >&2; die "configure failed"; }
    say "make libs"
    (cd "$src" && make -j"$JOBS" libs >samsa-build-libs.log 2>&1) ||
        { tail -30 "$src/samsa-build-libs.log" >&2; die "building librdkafka failed"; }
    say "make -C tests build (test-runner + interceptor_test plugin)"
    (cd "$src/tests" && make -j"$JOBS" build >../samsa-build-tests.log 2>&1) ||
        { tail -30 "$src/samsa-build-tests.log" >&2; die "building the test-runner failed"; }
    [ -x "$src/tests/test-runner" ] || die "no tests/test-runner after build"
    build_id >"$stamp"
    say "build done"
}

need_build=1
for a in "$@"; do
    case "$a" in
        --dry-run|--list-tests|-h|--help) need_build=0 ;;
    esac
done

case " $* " in
    *" -h "*|*" --help "*) exec python3 "$HERE/run.py" --help ;;
esac

ensure_packages
ensure_source
[ "$need_build" = 1 ] && ensure_build

# Debian's python3 (run.py uses only the standard library, so any python3
# works; prefer the system one for predictability).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=python3
exec "$PY" "$HERE/run.py" --rdkafka-dir "$(src_dir)" "$@"
