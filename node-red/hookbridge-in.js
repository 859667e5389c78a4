// @hookbridge/node-red's node module: `hookbridge in`, from the bundle `npm run build` writes
// to lib/ (node-red/src bundled with the core; see scripts/bundle-adapters.mjs).
'use strict';
module.exports = require('./lib/hookbridge-node-red.js').builtInNode;
