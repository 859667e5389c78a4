#!/usr/bin/env bash
# The connectors `hookbridge generate` writes for a profile file outside the repository (the
# starter `profile init` writes), checked by the platforms' own tools, offline:
# `zapier-platform validate` on the Zapier app, `n8n-node lint` on the n8n package, Make's
# schemas on the Make app. Run after npm run zapier:check and the n8n tools install: it borrows
# their installed tools and a built-in app's node_modules (the same pinned zapier-platform-core)
# instead of installing a project without a lockfile.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x zapier/tools/node_modules/.bin/zapier-platform ] || { echo "run npm run zapier:check first"; exit 1; }
[ -x n8n/node_modules/.bin/n8n-node ] || { echo "run: cd n8n && npm ci --ignore-scripts"; exit 1; }
[ -d zapier/apps/standard-webhooks/node_modules ] || { echo "run npm run zapier:check first"; exit 1; }

dir=$(mktemp -d /tmp/hookbridge-generated-XXXXXX)
trap 'rm -rf "$dir"' EXIT
node bin/hookbridge.js profile init --out "$dir/acme.yaml"
node bin/hookbridge.js profile check "$dir/acme.yaml"
for platform in zapier n8n make; do
	node bin/hookbridge.js generate "$platform" --profile "$dir/acme.yaml" --out "$dir/$platform" \
		--author 'hookbridge CI <ci@hookbridge.dev>'
done

echo "::: zapier-platform validate (generated app)"
ln -s "$PWD/zapier/apps/standard-webhooks/node_modules" "$dir/zapier/node_modules"
(cd "$dir/zapier" && PATH="$OLDPWD/zapier/tools/node_modules/.bin:$PATH" DISABLE_ZAPIER_ANALYTICS=1 \
	zapier-platform validate --without-style)

echo "::: n8n-node lint (generated package)"
ln -s "$PWD/n8n/node_modules" "$dir/n8n/node_modules"
(cd "$dir/n8n" && ./node_modules/.bin/n8n-node lint)

echo "::: Make schemas (generated app)"
node dist/make/src/validate-app.js "$dir/make/app"
echo "generated connectors: zapier validated, n8n linted, make valid"
