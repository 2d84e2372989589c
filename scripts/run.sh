#!/usr/bin/env bash
# Builds samsa (release) and starts it. With no arguments: a single-node broker
# on PLAINTEXT://127.0.0.1:9092 with data in ./data. Arguments are passed to
# samsa: `scripts/run.sh server.properties --override key=value ...`.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}"
echo "==> building samsa (build-release/)"
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DSAMSA_TESTS=OFF >/dev/null
cmake --build build-release -j"$(nproc)" --target samsa >/dev/null
echo "==> starting build-release/samsa $*"
exec ./build-release/samsa "$@"
