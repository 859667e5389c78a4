import { checkTargetUrl, classify, guardedLookup } from '../../provider/delivery/target-guard';

describe('classify', () => {
	test.each([
		['8.8.8.8', 'public'],
		['127.0.0.1', 'loopback'],
		['127.9.9.9', 'loopback'],
		['10.0.0.1', 'private'],
		['172.16.5.4', 'private'],
		['172.32.0.1', 'public'],
		['192.168.1.1', 'private'],
		['100.64.0.1', 'private'],
		['169.254.169.254', 'link-local'],
		['0.0.0.0', 'reserved'],
		['224.0.0.1', 'reserved'],
		['::1', 'loopback'],
		['::', 'reserved'],
		['fd00::1', 'unique-local'],
		['fc12:3456::1', 'unique-local'],
		['fe80::1', 'link-local'],
		['::ffff:10.0.0.1', 'private'],
		['::ffff:a9fe:a9fe', 'link-local'],
		['::ffff:127.0.0.1', 'loopback'],
		['64:ff9b::c0a8:101', 'private'],
		['2606:4700::1111', 'public'],
		['[::1]', 'loopback'],
	])('%s is %s', (address, kind) => {
		expect(classify(address)).toBe(kind);
	});
});

describe('checkTargetUrl', () => {
	const strict = { httpsOnly: true, allowLoopback: false };
	const local = { httpsOnly: true, allowLoopback: true };

	test.each([
		['http://example.com/h', 'HTTPS'],
		['ftp://example.com/h', 'HTTPS'],
		['https://10.0.0.5/h', 'private'],
		['https://169.254.169.254/latest/meta-data', 'link-local'],
		['https://[fd00::1]/h', 'unique-local'],
		['https://[::ffff:192.168.0.1]/h', 'private'],
		['http://127.0.0.1:3000/h', 'loopback'],
		['http://localhost:3000/h', 'loopback'],
		['https://user:pw@example.com/h', 'credentials'],
		['not a url', 'valid'],
	])('refuses %s (%s)', (url, why) => {
		expect(() => checkTargetUrl(url, strict)).toThrow(new RegExp(why, 'i'));
	});

	test('accepts public HTTPS, and loopback HTTP only when allowed', () => {
		expect(checkTargetUrl('https://hooks.zapier.com/hooks/catch/1/abc/', strict).hostname).toBe(
			'hooks.zapier.com',
		);
		expect(checkTargetUrl('http://127.0.0.1:3000/h', local).port).toBe('3000');
		expect(checkTargetUrl('http://localhost:3000/h', local).hostname).toBe('localhost');
		expect(() => checkTargetUrl('http://10.0.0.1/h', local)).toThrow(/HTTPS/);
	});
});

describe('guardedLookup (the check after DNS, at connection time)', () => {
	const resolve = (allowLoopback: boolean, all: boolean) =>
		new Promise<{ error: Error | null; address: unknown }>((done) =>
			guardedLookup(allowLoopback)('localhost', { all }, (error, address) =>
				done({ error, address }),
			),
		);

	test('refuses a name that resolves to loopback unless loopback is allowed', async () => {
		expect((await resolve(false, false)).error?.message).toMatch(/loopback address; refused/);
		expect((await resolve(false, true)).error).not.toBeNull();
		const allowed = await resolve(true, true);
		expect(allowed.error).toBeNull();
		expect(Array.isArray(allowed.address)).toBe(true);
		const single = await resolve(true, false);
		expect(typeof single.address).toBe('string');
	});
});
