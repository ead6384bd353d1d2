#!/usr/bin/env bash
# Configures and builds triage into build/ (Release with debug info), with
# the Hyperscan backend when libhs is installed. Extra arguments go to cmake.
set -euo pipefail
cd "$(dirname "$0")/.."
hs=OFF
pkg-config --exists libhs 2>/dev/null && hs=ON
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTRIAGE_WITH_HYPERSCAN=$hs "$@" >/dev/null
cmake --build build
