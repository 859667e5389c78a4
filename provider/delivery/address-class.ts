import { BlockList, isIP } from 'node:net';
import { EMBEDDINGS, V4_RANGES, V6_RANGES, type Blocked, type Range } from './address-ranges';

export type AddressClass = 'public' | Blocked;

// Node's BlockList does the prefix matching, so the ranges stay data (address-ranges.ts).
// Node 20's BlockList also matches IPv4 rules against ::ffff:a.b.c.d (and IPv6 ::ffff rules
// against IPv4), so IPv4 and IPv6 rules live in separate lists, each only ever asked about its
// own family; IPv4 carried inside IPv6 is extracted and asked about explicitly (see below).
function compile(ranges: readonly Range[], family: 'ipv4' | 'ipv6') {
	const kinds = [...new Set(ranges.map((r) => r.kind))];
	return kinds.map((kind) => {
		const list = new BlockList();
		for (const r of ranges.filter((x) => x.kind === kind))
			list.addSubnet(r.network, r.prefix, family);
		return { kind, list };
	});
}

const V4 = compile(V4_RANGES, 'ipv4');
const V6 = compile(V6_RANGES, 'ipv6');
const FORMS = EMBEDDINGS.map((form) => {
	const list = new BlockList();
	list.addSubnet(form.network, form.prefix, 'ipv6');
	return { ...form, list };
});

/**
 * The class of an IP literal (bare or in brackets, IPv6 zone ignored). Anything that is not a
 * valid address is 'reserved', so a caller asking `=== 'public'` fails closed.
 */
export function classify(address: string): AddressClass {
	const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
	if (isIP(bare) === 4) return lookup(V4, bare, 'ipv4') ?? 'public';
	// The zone (fe80::1%eth0) picks an interface, not an address: classify the address.
	const host = bare.split('%')[0] ?? '';
	if (isIP(host) !== 6) return 'reserved';
	const canonical = canonicalV6(host);
	if (canonical === undefined) return 'reserved';
	return lookup(V6, canonical, 'ipv6') ?? classifyEmbedding(canonical) ?? 'public';
}

function lookup(lists: ReturnType<typeof compile>, address: string, family: 'ipv4' | 'ipv6') {
	return lists.find(({ list }) => list.check(address, family))?.kind;
}

/**
 * IPv6 forms that carry an IPv4 address are as internal as that address: the first non-public
 * one carried names the class. A carried loopback address is 'loopback' (let through by
 * `--allow-loopback`) only in the mapped form, the one sockets use for this host's own IPv4;
 * NAT64, 6to4 or Teredo "loopback" is some gateway's or relay's, not ours, so it is refused.
 */
function classifyEmbedding(canonical: string): AddressClass | undefined {
	const form = FORMS.find(({ list }) => list.check(canonical, 'ipv6'));
	if (!form) return undefined;
	const words = expand(canonical);
	const carried = form.carried(words).map((v4) => lookup(V4, v4, 'ipv4') ?? 'public');
	const inner = carried.find((kind) => kind !== 'public');
	if (inner === 'loopback' && !form.mapped) return 'reserved';
	return inner ?? form.outer;
}

/** RFC 5952 text from Node's WHATWG URL parser: lower-case, one `::`, no dotted-quad tail. */
function canonicalV6(address: string): string | undefined {
	try {
		return new URL(`http://[${address}]/`).hostname.slice(1, -1);
	} catch {
		return undefined;
	}
}

/** The eight 16-bit words of a canonical IPv6 address (only `::` is left to expand). */
function expand(canonical: string): number[] {
	const [head = '', tail] = canonical.split('::');
	const words = (s: string) => (s ? s.split(':').map((w) => parseInt(w, 16)) : []);
	const left = words(head);
	const right = tail === undefined ? [] : words(tail);
	return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
