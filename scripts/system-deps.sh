#!/usr/bin/env bash
# Install the system packages minilat needs, only those that are missing (Debian/apt).
# Usage: scripts/system-deps.sh [run|test]
set -euo pipefail
want=("java:default-jre-headless" "npm:npm" "virtuoso-t:virtuoso-opensource")
missing=()
for item in "${want[@]}"; do
  cmd=${item%%:*}; pkg=${item#*:}
  command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
