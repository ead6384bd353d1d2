#!/usr/bin/env bash
# Builds triage (with Hyperscan when available) and runs the benchmarks on a
# generated corpus of distinct messages, then prints a summary table with the
# margins over the naive ways to run the same patterns.
# Usage: scripts/bench.sh [--hs-full] [extra Google Benchmark flags]
#   --hs-full: also the baseline of Hyperscan with every pattern compiled in
#   whole (BM_Baseline_HyperscanFull; the first run compiles the default pack
#   for about five minutes and keeps the databases in build/hs-full).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ${1:-} == --hs-full ]]; then
  shift
  mkdir -p build/hs-full
  export TRIAGE_HS_FULL_DIR=$PWD/build/hs-full
fi
scripts/install-deps.sh
scripts/build.sh
out=build/bench.json
# Memory first, each backend in a fresh process, so the RSS delta is real.
for backend in 0 1; do
  build/bin/triage_bench --benchmark_filter="BM_ClassifierMemory/$backend/" \
    --benchmark_out="build/bench_mem$backend.json" --benchmark_out_format=json
done
# Five repetitions of each, reported as their median: timings on shared
# machines vary by 5-10% from one second to the next.
build/bin/triage_bench --benchmark_min_time=0.5 \
  --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
  --benchmark_filter='-BM_ClassifierMemory|BM_Baseline_HyperscanFull' \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
if [[ -n ${TRIAGE_HS_FULL_DIR:-} ]]; then
  # Compiled (or loaded) once, then timed like the rest.
  build/bin/triage_bench --benchmark_min_time=0.5 \
    --benchmark_repetitions=5 --benchmark_report_aggregates_only=true \
    --benchmark_filter='BM_Baseline_HyperscanFull' \
    --benchmark_out=build/bench_hs_full.json --benchmark_out_format=json
  extra=build/bench_hs_full.json
fi
python3 scripts/bench_table.py "$out" ${extra:-} build/bench_mem0.json build/bench_mem1.json
