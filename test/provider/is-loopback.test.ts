import { isLoopback } from '../../provider/routes/persona-rules';

// The admin API and dashboard admit loopback callers only, judged by the socket's remote
// address, with the same classifier the delivery guard uses.
describe('isLoopback (admin API and dashboard callers)', () => {
	test.each(['127.0.0.1', '127.53.0.1', '::1', '::ffff:127.0.0.1', '0:0:0:0:0:0:0:1'])(
		'%s is this host',
		(address) => expect(isLoopback(address)).toBe(true),
	);

	test.each([
		undefined,
		'',
		'10.0.0.1',
		'::ffff:10.0.0.1',
		'::',
		'0.0.0.0',
		// Carry 127.0.0.1 but are not this host: NAT64, 6to4, IPv4-translated, IPv4-compatible.
		'64:ff9b::7f00:1',
		'2002:7f00:1::1',
		'::ffff:0:7f00:1',
		'::127.0.0.1',
		'127.0.0.1.example.com',
	])('%s is not', (address) => expect(isLoopback(address)).toBe(false));
});
