/** @type {import('jest').Config} */
const base = require('./jest.config');

// The reliability suite (npm run test:reliability): long, bounded runs with real servers, run on
// their own so `npm test` stays quick.
module.exports = {
	...base,
	roots: ['<rootDir>/test/reliability'],
	testPathIgnorePatterns: ['/node_modules/'],
	testTimeout: 240_000,
};
