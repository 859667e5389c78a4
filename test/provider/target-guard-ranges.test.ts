import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import {
	checkTargetUrl,
	classify,
	guardedLookup,
	permitted,
	type AddressClass,
} from '../../provider/delivery/target-guard';

// Issue 16, item 6: special-purpose ranges the old hand-written classifier called public. The
// expected classes come from the RFCs cited, mapped onto the guard's coarse classes: anything set
// aside that is not loopback, RFC 1918/6598 private, link-local or unique-local is 'reserved'.
// An IPv6 form carrying an IPv4 address takes that address's class, except that a carried
// loopback is 'loopback' only in the IPv4-mapped form (::ffff:127.x is this host; a NAT64,
// 6to4 or Teredo "127.0.0.1" is someone else's), and is otherwise 'reserved'.

// Called public by the old classifier (checked by running these cases against
// `git show HEAD:provider/delivery/target-guard.ts`), or in the NAT64 loopback case let through
// by allowLoopback as if it were this host.
const REGRESSIONS: [string, AddressClass, string][] = [
	['192.0.2.1', 'reserved', 'TEST-NET-1 (RFC 5737)'],
	['198.51.100.7', 'reserved', 'TEST-NET-2 (RFC 5737)'],
	['203.0.113.9', 'reserved', 'TEST-NET-3 (RFC 5737)'],
	['2001:2::1', 'reserved', 'benchmarking 2001:2::/48 (RFC 5180)'],
	['2001:2:0:ffff::1', 'reserved', 'benchmarking, inside 2001:2::/48'],
	['100::1', 'reserved', 'discard-only 100::/64 (RFC 6666)'],
	['fec0::1', 'reserved', 'site-local fec0::/10 (RFC 3879)'],
	['feff::1', 'reserved', 'site-local, top of fec0::/10'],
	['::ffff:198.51.100.1', 'reserved', 'IPv4-mapped TEST-NET-2 (RFC 4291 §2.5.5.2)'],
	['::ffff:0:7f00:1', 'reserved', 'IPv4-translated loopback (RFC 6145, ::ffff:0:0:0/96)'],
	['::ffff:0:a9fe:a9fe', 'link-local', 'IPv4-translated metadata'],
	['::ffff:0:808:808', 'reserved', 'IPv4-translated public: ::/8 is not routed'],
	['64:ff9b::7f00:1', 'reserved', 'NAT64 loopback (RFC 6052): the translator’s, not ours'],
	['64:ff9b::c633:6407', 'reserved', 'NAT64 TEST-NET-2'],
	['64:ff9b:1::a9fe:a9fe', 'link-local', 'NAT64 local-use metadata (RFC 8215)'],
	['64:ff9b:1::808:808', 'reserved', 'NAT64 local-use public: a local translator'],
	['2002:7f00:1::1', 'reserved', '6to4 loopback (RFC 3056, IPv4 in bits 16-47)'],
	['2002:a9fe:a9fe::1', 'link-local', '6to4 metadata'],
	['2002:0a00:0001::1', 'private', '6to4 10.0.0.1'],
	['2002:c0a8:0101:1::1', 'private', '6to4 192.168.1.1'],
	['2002:7F00:0001:0000:0000:0000:0000:0001', 'reserved', '6to4 loopback, long upper case'],
	['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved', 'Teredo (RFC 4380 §4): client 192.0.2.45'],
	['2001:0:808:808::80ff:fffe', 'reserved', 'Teredo client 127.0.0.1 (inverted)'],
	['2001:0:808:808::5601:5601', 'link-local', 'Teredo client 169.254.169.254 (inverted)'],
	['2001:0:a00:1::f7f7:f7f7', 'private', 'Teredo server 10.0.0.1 (bits 32-63)'],
];

// The rest of the list, which the old classifier already refused: kept so the list is covered.
const COVERAGE: [string, AddressClass, string][] = [
	['198.18.0.1', 'reserved', 'benchmarking 198.18/15 (RFC 2544)'],
	['198.19.255.254', 'reserved', 'benchmarking, top of 198.18/15'],
	['192.0.0.8', 'reserved', 'IETF protocol assignments 192.0.0/24 (RFC 6890)'],
	['0.1.2.3', 'reserved', '"this network" 0/8 (RFC 1122)'],
	['239.255.255.250', 'reserved', 'multicast 224/4 (RFC 5771)'],
	['240.0.0.1', 'reserved', 'reserved 240/4 (RFC 1112)'],
	['255.255.255.255', 'reserved', 'limited broadcast (RFC 919)'],
	['100.127.255.254', 'private', 'CGNAT, top of 100.64/10 (RFC 6598)'],
	['2001:db8::1', 'reserved', 'documentation (RFC 3849)'],
	['ff02::1', 'reserved', 'multicast ff00::/8 (RFC 4291)'],
	['::127.0.0.1', 'reserved', 'IPv4-compatible loopback (RFC 4291 §2.5.5.1, deprecated)'],
	['::808:808', 'reserved', 'IPv4-compatible public: deprecated, not routed'],
	// Refused before as 'reserved'; now named by the class of the IPv4 it carries.
	['::a9fe:a9fe', 'link-local', 'IPv4-compatible metadata'],
];
const SPECIAL = [...REGRESSIONS, ...COVERAGE];

// Stay public: real internet hosts, including IPv6 forms whose carried IPv4 is public and which
// are routed (mapped is the host itself; NAT64, 6to4 and Teredo reach the carried host).
const PUBLIC: [string, string][] = [
	['8.8.8.8', 'Google DNS'],
	['1.1.1.1', 'Cloudflare DNS'],
	['2606:4700:4700::1111', 'Cloudflare DNS v6'],
	['::ffff:8.8.8.8', 'IPv4-mapped public'],
	['64:ff9b::808:808', 'NAT64 of 8.8.8.8'],
	['2002:0808:0808::1', '6to4 of 8.8.8.8'],
	['2001:0:808:808::fefe:fefe', 'Teredo server 8.8.8.8, client 1.1.1.1'],
	['192.0.3.1', 'just above 192.0.2/24'],
	['198.20.0.1', 'just above 198.18/15'],
	['100.128.0.1', 'just above 100.64/10'],
	['2001:3::1', 'just above 2001:2::/48 (AMT, RFC 7450, globally reachable)'],
];

describe('classify: special-purpose ranges and IPv4 carried in IPv6', () => {
	test.each(SPECIAL)('%s is %s (%s)', (address, kind) => {
		expect(classify(address)).toBe(kind);
		expect(classify(`[${address}]`)).toBe(kind);
	});

	test.each(PUBLIC)('%s stays public (%s)', (address) => {
		expect(classify(address)).toBe('public');
	});

	test('a carried loopback address is let through by allowLoopback only in the mapped form', () => {
		expect(permitted('::ffff:127.0.0.1', true)).toBe(true);
		expect(permitted('::ffff:7f00:1', true)).toBe(true);
		for (const address of [
			'::ffff:0:7f00:1',
			'::127.0.0.1',
			'64:ff9b::7f00:1',
			'2002:7f00:1::1',
			'2001:0:808:808::80ff:fffe',
		])
			expect({ address, permitted: permitted(address, true) }).toEqual({
				address,
				permitted: false,
			});
	});

	test('what is not an address fails closed, and an IPv6 zone does not hide the address', () => {
		for (const junk of ['', 'example.com', '1.2.3', '::gg', '[::1', '2002:7f00:1::1%'])
			expect(classify(junk)).not.toBe('public');
		expect(classify('fe80::1%eth0')).toBe('link-local');
		expect(classify('2002:a9fe:a9fe::1%2')).toBe('link-local'); // public to the old code
	});
});

describe('checkTargetUrl and guardedLookup refuse them too', () => {
	const local = { httpsOnly: true, allowLoopback: true };

	test.each(SPECIAL)('https://%s is refused even with allowLoopback (a %s address)', (address) => {
		const host = isIP(address) === 6 ? `[${address}]` : address;
		expect(() => checkTargetUrl(`https://${host}/hook`, local)).toThrow(/publicly accessible/);
	});

	test.each(SPECIAL)('a name resolving to %s is refused at connection time', async (address) => {
		const answer: LookupAddress[] = [{ address, family: isIP(address) }];
		const lookup = guardedLookup(true, (_name, callback) => callback(null, answer));
		const error = await new Promise<Error | null>((done) =>
			lookup('hooks.example.test', { all: true }, (e) => done(e)),
		);
		expect(error?.message).toMatch(/address; refused/);
	});
});
