#!/usr/bin/env bash
# npm run test:node-red: pack @hookbridge/node-red and run it in a real Node-RED server.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -f node-red/lib/hookbridge-node-red.js ] || npm run build --silent
pack=$(mktemp -d /tmp/hookbridge-node-red-pack-XXXXXX)
tarball=$(cd node-red && npm pack --silent --pack-destination "$pack")
echo "packed $tarball: $(du -k "$pack/$tarball" | cut -f1) KB"
node node-red/e2e/run-e2e.js "$pack/$tarball"
rm -rf "$pack"
