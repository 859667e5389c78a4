#!/usr/bin/env bash
# npm run make:check: the committed apps equal a fresh generation, then, as a cross-check of the
# project's own ajv test, the offline validator of the shared Make kit when it is there (CI).
set -euo pipefail
cd "$(dirname "$0")/.."
node dist/make/src/write-apps.js --check
validator=../shared/make/validate.mjs
if [ -f "$validator" ]; then
	for app in make/apps/*/; do node "$validator" "$app"; done
else
	echo "make: $validator not found; the schema check in npm test (test/make) still ran"
fi
