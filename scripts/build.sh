#!/usr/bin/env bash
# Configures and builds triage into build/ (Release with debug info).
# Extra arguments go to cmake, e.g. -DTRIAGE_WITH_HYPERSCAN=ON.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
cmake --build build
