// Root lint: typescript-eslint's recommended rules. The n8n package keeps its own config,
// the one @n8n/node-cli expects.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
	{
		ignores: [
			'**/node_modules/**',
			'**/dist/**',
			'**/build/**',
			'coverage/**',
			'n8n/**',
			// Generated (make:build) and vendored; make/src, the generator and validator, is linted.
			'make/apps/**',
			'make/kit/**',
			'make/schemas/**',
			'.tools/**',
			// The bundle `npm run build` writes (node-red/src is linted).
			'node-red/lib/**',
		],
	},
	js.configs.recommended,
	...tseslint.configs.recommended,
	{
		files: ['**/*.ts'],
		rules: {
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
			],
			'no-console': 'off',
		},
	},
	{
		files: ['**/*.mjs'],
		languageOptions: {
			sourceType: 'module',
			globals: {
				Buffer: 'readonly',
				performance: 'readonly',
				process: 'readonly',
				console: 'readonly',
				setTimeout: 'readonly',
				URL: 'readonly',
				fetch: 'readonly',
			},
		},
	},
	{
		files: ['**/*.js', '**/*.cjs'],
		languageOptions: {
			sourceType: 'commonjs',
			globals: {
				require: 'readonly',
				module: 'writable',
				process: 'readonly',
				__dirname: 'readonly',
				console: 'readonly',
				Buffer: 'readonly',
				fetch: 'readonly',
				setTimeout: 'readonly',
				URL: 'readonly',
			},
		},
		rules: { '@typescript-eslint/no-require-imports': 'off' },
	},
);
