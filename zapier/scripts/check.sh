#!/usr/bin/env bash
# npm run zapier:check: for every Zapier app, offline: install its own dependencies, bundle,
# `zapier-platform validate --without-style`, `zapier-platform build`, then smoke-test the built
# zip from a clean unzip (scripts/smoke-built-app.js). Needs the root build (npm run build) for
# the smoke test's reference provider.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run build --silent
node dist/cli/generate/write-prebuilt-connectors.js --check

# The Zapier CLI needs Node >= 22: it and a Node 22 binary live in zapier/tools, on PATH only
# for the CLI (the apps' own scripts and the tests stay on the machine's Node 20).
if [ ! -x zapier/tools/node_modules/.bin/zapier-platform ]; then
	npm ci --prefix zapier/tools --no-audit --no-fund --loglevel=error
fi
tools="$PWD/zapier/tools/node_modules/.bin"
zp() { PATH="$tools:$PATH" DISABLE_ZAPIER_ANALYTICS=1 zapier-platform "$@"; }

apps=(zapier/apps/*/)
pids=()
for app in "${apps[@]}"; do
	if [ ! -d "$app/node_modules" ]; then
		(cd "$app" && npm ci --no-audit --no-fund --loglevel=error) &
		pids+=($!)
	fi
done
for pid in "${pids[@]}"; do wait "$pid"; done

for app in "${apps[@]}"; do
	id=$(basename "$app")
	echo "::: zapier $id"
	(
		cd "$app"
		npm run build --silent
		zp validate --without-style
		mkdir -p build
		zp build --skip-dep-install --skip-validation > build/build.log 2>&1 || { cat build/build.log; exit 1; }
		echo "built $(du -k build/build.zip | cut -f1) KB, $(unzip -l build/build.zip | tail -1 | awk '{print $2}') files"
	)
	smoke=$(mktemp -d /tmp/hookbridge-zapier-smoke-XXXXXX)
	unzip -q "$app/build/build.zip" -d "$smoke"
	node zapier/scripts/smoke-built-app.js "$smoke" "$id"
	rm -rf "$smoke"
done
echo "::: zapier: ${#apps[@]} apps validated, built and smoke-tested"
