#!/usr/bin/env bash
# Builds triage (with Hyperscan when available) and runs the benchmarks on a
# generated corpus of distinct messages, then prints a summary table with the
# margins over the naive ways to run the same patterns.
# Usage: scripts/bench.sh [extra Google Benchmark flags]
set -euo pipefail
cd "$(dirname "$0")/.."
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
  --benchmark_filter='-BM_ClassifierMemory' \
  --benchmark_out="$out" --benchmark_out_format=json "$@"
python3 scripts/bench_table.py "$out" build/bench_mem0.json build/bench_mem1.json
