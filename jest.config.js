/** @type {import('jest').Config} */
module.exports = {
	preset: 'ts-jest',
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// Run on their own: npm run test:reliability, npm run test:browser.
	testPathIgnorePatterns: [
		'/node_modules/',
		'<rootDir>/test/reliability/',
		'<rootDir>/test/browser/',
	],
	// Type errors are caught by `npm run typecheck`; ts-jest checking each file again only slows tests.
	transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
	// The examples import the core by its package name, as a user's project does.
	moduleNameMapper: { '^@hookbridge/core$': '<rootDir>/shared/index.ts' },
};
