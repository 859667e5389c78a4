#!/usr/bin/env bash
# The core and CLI suites (test/shared, test/cli, the SQLite driver check, and the Activepieces and Node-RED suites) on the Node LTS lines users run, with
# binaries from the npm registry; the machine's Node runs everything in `npm test`.
#   bash scripts/test-node-versions.sh [version ...]
set -euo pipefail
cd "$(dirname "$0")/.."
VERSIONS=("$@")
[[ ${#VERSIONS[@]} -gt 0 ]] || VERSIONS=(22.23.5 24.21.0)
for version in "${VERSIONS[@]}"; do
	node_bin=$(bash scripts/node-binary.sh "$version")
	echo "::: core and CLI suites on Node $("$node_bin" --version)"
	# The binary's own folder first, so anything jest spawns as `node` is this Node too.
	PATH=$(dirname "$node_bin"):$PATH "$node_bin" node_modules/jest/bin/jest.js test/shared test/cli test/gateway/sqlite-driver.test.ts test/activepieces test/node-red
done
