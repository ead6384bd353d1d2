#!/usr/bin/env bash
# Installs the build into a temporary prefix and builds examples/hello.cc out
# of tree against it with find_package(triage), then runs it.
# Usage: tests/install/run.sh BUILD_DIR
set -euo pipefail
build=$1
src=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$src" -B "$tmp/build" -G Ninja -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/build" >/dev/null
out=$("$tmp/build/testinstall" "提现失败了")
echo "$out"
[[ -n "$out" ]]
