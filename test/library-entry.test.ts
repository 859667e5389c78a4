import { join } from 'node:path';

// What a user gets from `require('hookbridge')` (the built dist/, which `npm test` builds first).
test("require('.') at the repository root exposes receive, profiles and the error classes", async () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const lib = require(join(__dirname, '..'));
	expect(typeof lib.receive).toBe('function');
	expect(typeof lib.verifyDelivery).toBe('function');
	expect(Object.keys(lib.profiles).sort()).toEqual([
		'flowella',
		'github',
		'inboundflow',
		'shopify',
		'slack',
		'standard-webhooks',
		'stripe',
		'svix',
		'twilio',
		'velaflows',
		'vellocity',
	]);
	for (const name of [
		'WebhookError',
		'WebhookVerificationError',
		'PayloadError',
		'PayloadTooLargeError',
		'DuplicateEventError',
		'SubscriptionError',
	]) {
		expect(typeof lib[name]).toBe('function');
	}
	expect(require.resolve(join(__dirname, '..'))).toContain(join('dist', 'shared', 'index.js'));
	await expect(lib.receive('flowella', { body: '{}' }, {})).rejects.toBeInstanceOf(
		lib.WebhookError,
	);
});
