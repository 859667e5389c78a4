// Written by `npm run connectors:write` from prebuilt-connectors.json: regenerate, do not edit.
// The CommonJS entry Zapier loads; `npm run build` (esbuild) writes dist/index.js first.
module.exports = require('./dist/index.js').default;
