// The address ranges a webhook provider must not deliver to, as data. The list is the one a
// well-known webhook service refuses; each range carries the RFC (or IANA special-purpose registry entry) that sets it aside.
// Classes are coarse on purpose: they name the refusal in the 422 and the delivery log.

export type Blocked = 'loopback' | 'private' | 'link-local' | 'unique-local' | 'reserved';

export interface Subnet {
	network: string;
	prefix: number;
}

export interface Range extends Subnet {
	kind: Blocked;
}

const subnet = (cidr: string): Subnet => {
	const [network = '', prefix = ''] = cidr.split('/');
	return { network, prefix: Number(prefix) };
};
const range = (cidr: string, kind: Blocked): Range => ({ ...subnet(cidr), kind });

export const V4_RANGES: readonly Range[] = [
	range('0.0.0.0/8', 'reserved'), // "this network", incl. unspecified 0.0.0.0 (RFC 791, 1122)
	range('10.0.0.0/8', 'private'), // RFC 1918
	range('100.64.0.0/10', 'private'), // carrier-grade NAT, shared address space (RFC 6598)
	range('127.0.0.0/8', 'loopback'), // RFC 1122
	range('169.254.0.0/16', 'link-local'), // RFC 3927; 169.254.169.254 is the cloud metadata API
	range('172.16.0.0/12', 'private'), // RFC 1918
	range('192.0.0.0/24', 'reserved'), // IETF protocol assignments (RFC 6890)
	range('192.0.2.0/24', 'reserved'), // documentation, TEST-NET-1 (RFC 5737)
	range('192.168.0.0/16', 'private'), // RFC 1918
	range('198.18.0.0/15', 'reserved'), // benchmarking (RFC 2544)
	range('198.51.100.0/24', 'reserved'), // documentation, TEST-NET-2 (RFC 5737)
	range('203.0.113.0/24', 'reserved'), // documentation, TEST-NET-3 (RFC 5737)
	range('224.0.0.0/4', 'reserved'), // multicast (RFC 5771)
	range('240.0.0.0/4', 'reserved'), // reserved (RFC 1112), incl. broadcast 255.255.255.255
];

export const V6_RANGES: readonly Range[] = [
	range('::/128', 'reserved'), // unspecified (RFC 4291)
	range('::1/128', 'loopback'), // RFC 4291
	range('100::/64', 'reserved'), // discard-only (RFC 6666)
	range('2001:2::/48', 'reserved'), // benchmarking (RFC 5180)
	range('2001:db8::/32', 'reserved'), // documentation (RFC 3849)
	range('fc00::/7', 'unique-local'), // RFC 4193
	range('fe80::/10', 'link-local'), // RFC 4291
	range('fec0::/10', 'reserved'), // site-local (deprecated by RFC 3879; some sites still use it)
	range('ff00::/8', 'reserved'), // multicast (RFC 4291)
];

/** An IPv6 prefix whose addresses carry IPv4 ones (given the address's eight 16-bit words). */
export interface Embedding extends Subnet {
	carried: (words: readonly number[]) => string[];
	/** The class when every carried IPv4 is public: 'reserved' for forms nothing routes. */
	outer: 'public' | 'reserved';
	/** The IPv4-mapped form: how sockets spell this host's own IPv4 (so loopback stays loopback). */
	mapped?: true;
}

const v4 = (high = 0, low = 0) => `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
const last32 = (w: readonly number[]) => [v4(w[6], w[7])];

export const EMBEDDINGS: readonly Embedding[] = [
	// IPv4-mapped (RFC 4291 §2.5.5.2): a connection to it is an IPv4 connection.
	{ ...subnet('::ffff:0:0/96'), carried: last32, outer: 'public', mapped: true },
	// IPv4-translated (RFC 6145/2765 SIIT) and IPv4-compatible (RFC 4291, deprecated): both sit in
	// ::/8, which is not globally routed, so refused whatever they carry.
	{ ...subnet('::ffff:0:0:0/96'), carried: last32, outer: 'reserved' },
	{ ...subnet('::/96'), carried: last32, outer: 'reserved' },
	// NAT64 well-known prefix (RFC 6052): a translator forwards to the carried IPv4.
	{ ...subnet('64:ff9b::/96'), carried: last32, outer: 'public' },
	// NAT64 local-use (RFC 8215): a network's own translators, never public; the IPv4 is read
	// from the last 32 bits (a /96 inside the /48) only to name the class of the refusal.
	{ ...subnet('64:ff9b:1::/48'), carried: last32, outer: 'reserved' },
	// 6to4 (RFC 3056): the relay delivers to the IPv4 in bits 16-47. A public one is a real
	// internet host, so 2002:0808:0808::1 is as public as 8.8.8.8.
	{ ...subnet('2002::/16'), carried: (w) => [v4(w[1], w[2])], outer: 'public' },
	// Teredo (RFC 4380): server IPv4 in bits 32-63, client IPv4 in the last 32 bits, inverted.
	{
		...subnet('2001::/32'),
		carried: (w) => [v4(w[2], w[3]), v4((w[6] ?? 0) ^ 0xffff, (w[7] ?? 0) ^ 0xffff)],
		outer: 'public',
	},
];
