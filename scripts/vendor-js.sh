#!/usr/bin/env bash
# Install the pinned front-end libraries from the npm registry (package-lock.json) and copy
# the files minilat's pages need into the package, so they work with no network at view time.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=src/minilat/static/vendor
want=("$dest/yasgui.min.js" "$dest/yasgui.min.css" "$dest/vis-network.min.js")
fresh=1
for f in "${want[@]}"; do [ -s "$f" ] && [ "$f" -nt package-lock.json ] || fresh=0; done
[ "$fresh" -eq 1 ] && exit 0
command -v npm >/dev/null 2>&1 || { echo "npm is needed to fetch the front-end libraries (Debian: apt-get install npm)" >&2; exit 1; }
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
mkdir -p "$dest"
cp node_modules/@zazuko/yasgui/build/yasgui.min.js node_modules/@zazuko/yasgui/build/yasgui.min.css "$dest/"
cp node_modules/vis-network/standalone/umd/vis-network.min.js "$dest/"
echo "vendored: ${want[*]}"
