#!/usr/bin/env bash
# Installs the Debian 12 packages triage needs, skipping those already there.
# Hyperscan (optional backend) is installed where Debian ships it (amd64).
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config python3
      libabsl-dev libre2-dev libicu-dev libtomlplusplus-dev
      libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev)
if [[ $(dpkg --print-architecture) == amd64 ]]; then pkgs+=(libhyperscan-dev); fi
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
