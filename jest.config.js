/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// test/reliability/ runs on its own: npm run test:reliability.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/reliability/'],
	// Type errors are caught by `npm run typecheck`; ts-jest checking each file again only slows tests.
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
};
