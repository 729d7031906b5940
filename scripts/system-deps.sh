#!/usr/bin/env bash
# Install the system packages minilat needs, only those that are missing (Debian/apt).
# Usage: scripts/system-deps.sh run|test   (test adds what only the tests use)
# Commands: java (HermiT reasoner), npm (front-end libraries at setup), virtuoso-t (external
# store integration test), chromium (browser tests). Packages without a command are checked
# with dpkg: fonts-noto-cjk (Chinese text in the browser), libowlapi-java (the OWL API, for the
# OWL 2 DL profile check of the ontology and the data: minilat.pipeline.quality).
set -euo pipefail
commands=("java:default-jre-headless" "npm:npm")
packages=()
if [ "${1:-run}" = "test" ]; then
  commands+=("virtuoso-t:virtuoso-opensource" "chromium:chromium")
  packages+=("fonts-noto-cjk" "libowlapi-java")
fi
missing=()
for item in "${commands[@]}"; do
  command -v "${item%%:*}" >/dev/null 2>&1 || missing+=("${item#*:}")
done
for pkg in "${packages[@]+"${packages[@]}"}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
