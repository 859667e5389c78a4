#!/usr/bin/env bash
# npm run make:check: the committed apps equal a fresh generation, and every app in make/apps/
# passes the project's own offline check against Make's JSON Schemas (vendored in make/schemas/):
# make/src/validate-app.ts, the code test/make runs too. Nothing outside the repository is used;
# the check fails when it cannot run (ajv not installed, a schema missing, no app found).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
node dist/cli/generate/write-prebuilt-connectors.js --check
node dist/make/src/validate-app.js
