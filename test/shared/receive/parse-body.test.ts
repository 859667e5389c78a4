import { parseBody } from '../../../shared/receive/parse-body';

// ASCII bodies take a latin1 decode, the rest a checked UTF-8 one: both must give what
// JSON.parse gives for the text the bytes spell.
describe('parseBody', () => {
	const texts = {
		ascii: '{"text":"Hi, is the blue jacket in stock?","n":1,"escaped":"\\u00e9"}',
		latin: '{"text":"Olá, está? ñ ü ß é","n":2}',
		cjkAndEmoji: '{"text":"你好 👋 مرحبا","n":3}',
		'U+FFFD sent on purpose': '{"text":"\uFFFD is a real character","n":4}',
		'DEL and NUL escapes': '{"text":"\\u0000\u007f","n":5}',
	};

	test.each(Object.entries(texts))(
		'decodes %s bytes to the same value as the text',
		(_name, text) => {
			expect(parseBody(Buffer.from(text, 'utf8'))).toEqual(JSON.parse(text));
			expect(parseBody(text)).toEqual(JSON.parse(text));
		},
	);

	test('drops a UTF-8 byte-order mark before the JSON', () => {
		const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(texts.latin)]);
		expect(parseBody(bytes)).toEqual(JSON.parse(texts.latin));
	});

	test.each([
		['a lone continuation byte', [0x80]],
		['a truncated sequence', [0xc3]],
		['an overlong encoding', [0xc0, 0xaf]],
		['a UTF-16 surrogate', [0xed, 0xa0, 0x80]],
		['a byte that never occurs', [0xff]],
	])('refuses %s inside a string: invalid_json (400)', (_name, bad) => {
		const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from(bad), Buffer.from('"}')]);
		expect(() => parseBody(bytes)).toThrow(
			expect.objectContaining({ code: 'invalid_json', status: 400 }),
		);
	});

	test('refuses JSON that is not an object: invalid_payload (400)', () => {
		for (const text of ['[1]', '"x"', 'null', '3']) {
			expect(() => parseBody(Buffer.from(text))).toThrow(
				expect.objectContaining({ code: 'invalid_payload', status: 400 }),
			);
		}
	});
});
