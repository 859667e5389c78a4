#!/usr/bin/env bash
# npm run test:n8n: install n8n (cached outside the repo), pack this package, run the e2e.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ -d dist/provider ] || npm run build --silent
cache=$(bash n8n/e2e/install-n8n.sh)
(
	cd n8n
	[ -d node_modules ] || npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	npm run build --silent
)
pack=$(mktemp -d /tmp/hookbridge-n8n-pack-XXXXXX)
tarball=$(cd n8n && npm pack --silent --pack-destination "$pack")
echo "packed $tarball: $(du -k "$pack/$tarball" | cut -f1) KB"
node n8n/e2e/run-e2e.js "$cache" "$pack/$tarball"
rm -rf "$pack"
