import { createHmac, randomBytes } from 'node:crypto';
import { hmacKey, hmacSha256 } from '../../../shared/receive/hmac-sha256';

// hmacSha256 builds HMAC from two one-shot hashes for small messages and uses createHmac for large
// ones; both must agree with node:crypto's own HMAC for every shape of key, prefix and body.
function reference(
	key: Buffer,
	prefix: string,
	body: Buffer | string,
	encoding: 'hex' | 'base64',
): string {
	const hmac = createHmac('sha256', key).update(prefix, 'utf8');
	return (typeof body === 'string' ? hmac.update(body, 'utf8') : hmac.update(body)).digest(
		encoding,
	);
}

// Key lengths around the 64-byte block, where RFC 2104 pads or hashes the key.
const keyLengths = [0, 1, 24, 32, 63, 64, 65, 128, 300];
// Body lengths around the 16 KiB one-shot limit, on both sides of it.
const bodyLengths = [
	0,
	1,
	55,
	56,
	64,
	1000,
	1024,
	16 * 1024 - 30,
	16 * 1024,
	16 * 1024 + 1,
	70_000,
];
const prefixes = ['', '1771966800.', 'msg_2Lk.1771966800.', 'ид-сообщения.1.', 'x'.repeat(9000)];

describe('hmacSha256', () => {
	test.each(keyLengths)('matches createHmac for a %i-byte key', (keyLength) => {
		const bytes = randomBytes(keyLength);
		const key = hmacKey(bytes);
		for (const bodyLength of bodyLengths) {
			const body = randomBytes(bodyLength);
			for (const prefix of prefixes) {
				for (const encoding of ['hex', 'base64'] as const) {
					expect([bodyLength, prefix.length, hmacSha256(key, prefix, body, encoding)]).toEqual([
						bodyLength,
						prefix.length,
						reference(bytes, prefix, body, encoding),
					]);
				}
			}
		}
	});

	test('takes a text body as its UTF-8 bytes, lone surrogates included', () => {
		const bytes = Buffer.from('whsec_your_signing_secret_here');
		const key = hmacKey(bytes);
		const texts = [
			'{"text":"¿Está? 你好 👋"}',
			'{"broken":"\ud83d"}',
			'é'.repeat(5000),
			'你'.repeat(5462),
			'👋'.repeat(4000),
		];
		for (const text of texts) {
			for (const prefix of ['', 'evt.1.']) {
				expect(hmacSha256(key, prefix, text, 'hex')).toBe(reference(bytes, prefix, text, 'hex'));
				expect(hmacSha256(key, prefix, text, 'hex')).toBe(
					reference(bytes, prefix, Buffer.from(text, 'utf8'), 'hex'),
				);
			}
		}
	});

	test('a call leaves nothing behind for the next one', () => {
		const first = hmacKey(randomBytes(32));
		const second = hmacKey(randomBytes(80));
		const long = randomBytes(12_000);
		const short = Buffer.from('{}');
		const alone = hmacSha256(second, '', short, 'base64');
		hmacSha256(first, 'id.1.', long, 'hex');
		expect(hmacSha256(second, '', short, 'base64')).toBe(alone);
		expect(alone).toBe(reference(second.bytes, '', short, 'base64'));
	});
});
