/** @type {import('jest').Config} */
const base = require('./jest.config');

// Browser end-to-end tests (npm run test:browser): real Chromium from Debian's package, which
// .ci/run installs; run on their own so `npm test` needs nothing beyond npm ci.
module.exports = {
	...base,
	roots: ['<rootDir>/test/browser'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 120_000,
};
