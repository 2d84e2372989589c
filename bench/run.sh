#!/usr/bin/env bash
# The benchmark suite, one command: builds a Release samsa and the programs in bench/
# (build-bench/), then runs bench/run.py, which writes bench/RESULTS.md.
# Arguments go to run.py: `bench/run.sh --quick` is a one-minute smoke test of the harness,
# `bench/run.sh --runs 5` takes more samples. Needs ~10 GB free disk and about 10 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
# librdkafka-dev: the load generator and librdkafka's mock cluster; python3: the orchestrator.
ensure_packages "${BUILD_PACKAGES[@]}" librdkafka-dev python3
echo "==> building samsa and the benchmark programs (Release, build-bench/)"
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DSAMSA_TESTS=OFF -DSAMSA_BENCH=ON >/dev/null
cmake --build build-bench -j"$(nproc)" --target samsa sm_ceilings sm_loadgen sm_mockhost sm_startup >/dev/null
echo "==> running the benchmarks (bench/run.py $*)"
exec /usr/bin/python3 bench/run.py --build build-bench "$@"
