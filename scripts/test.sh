#!/usr/bin/env bash
# Installs what is missing, builds samsa with AddressSanitizer and
# UndefinedBehaviorSanitizer (warnings are errors), and runs the whole test
# suite with CTest: unit tests, integration tests with real clients (kcat,
# librdkafka, confluent-kafka-python, kafka-python, kafkajs) against the real
# broker, and librdkafka's own test suite on the passing list (compat/).
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
ensure_packages "${BUILD_PACKAGES[@]}" libcmocka-dev librdkafka-dev kcat \
    python3 python3-pytest python3-confluent-kafka python3-kafka \
    zlib1g-dev liblz4-dev libzstd-dev libsnappy-dev
# node/npm may come from Debian or from NodeSource (which bundles npm): install only if absent
command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
if [ ! -d tests/js/node_modules ]; then
    echo "==> installing npm packages for tests/js (npm ci)"
    (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi
echo "==> building samsa with ASan+UBSan (build/)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSAMSA_SANITIZE=ON -DSAMSA_WERROR=ON -DSAMSA_BENCH=ON >/dev/null
cmake --build build -j"$(nproc)"
echo "==> running the test suite"
cd build
exec ctest --output-on-failure --timeout 1800 "$@"
