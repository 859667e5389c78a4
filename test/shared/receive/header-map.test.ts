import { headerValue, normalizeHeaders } from '../../../shared/receive/header-map';

describe('normalizeHeaders', () => {
	test('lower-cases Node, Camel-Case and Zapier Http- names into one map', () => {
		const map = normalizeHeaders({
			'X-Flowella-Signature': 'a',
			'Http-X-Flowella-Event': 'b',
			'content-type': 'c',
		});
		expect(headerValue(map, 'x-flowella-signature')).toBe('a');
		expect(headerValue(map, 'x-flowella-event')).toBe('b');
		expect(headerValue(map, 'content-type')).toBe('c');
	});

	test('keeps every value of a repeated header, so ambiguity can be refused', () => {
		const map = normalizeHeaders([
			['X-Sig', 'one'],
			['x-sig', 'two'],
		]);
		expect(map.get('x-sig')).toEqual(['one', 'two']);
		expect(normalizeHeaders({ 'x-sig': ['a', 'b'], 'Http-X-Sig': 'c' }).get('x-sig')).toEqual([
			'a',
			'b',
			'c',
		]);
	});

	test('reads fetch Headers and skips null and undefined values', () => {
		expect(
			headerValue(normalizeHeaders(new Headers({ 'Webhook-Id': 'msg_1' })), 'webhook-id'),
		).toBe('msg_1');
		const map = normalizeHeaders({ a: undefined, b: null, c: 3 });
		expect([...map.keys()]).toEqual(['c']);
		expect(headerValue(map, 'c')).toBe('3');
		expect(normalizeHeaders(undefined).size).toBe(0);
	});
});
