import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

export type AddressClass =
	'public' | 'loopback' | 'private' | 'link-local' | 'unique-local' | 'reserved';

/** Why a webhook target is refused: a short sentence for the provider's 422 and the log. */
export class TargetRefusedError extends Error {
	readonly code = 'target_refused';
}

export interface TargetPolicy {
	httpsOnly: boolean;
	/** `--allow-loopback`: http://127.0.0.1 and localhost targets are let through. */
	allowLoopback: boolean;
}

/** Refuses URLs a provider would not deliver to: not HTTP(S), plain HTTP, private IP literals. */
export function checkTargetUrl(raw: string, policy: TargetPolicy): URL {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		throw new TargetRefusedError('The URL is not a valid absolute URL.');
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		throw new TargetRefusedError('The URL must use HTTPS.');
	}
	if (url.username || url.password)
		throw new TargetRefusedError('The URL must not carry credentials.');
	// A fully qualified name's trailing dot names the same host ('localhost.' is localhost).
	let host = bareHost(url.hostname);
	while (host.endsWith('.')) host = host.slice(0, -1);
	const loopback =
		host === 'localhost' ||
		host.endsWith('.localhost') ||
		(isIP(host) !== 0 && classify(host) === 'loopback');
	if (loopback) {
		if (!policy.allowLoopback)
			throw new TargetRefusedError('The URL must be publicly accessible (loopback is not).');
		return url;
	}
	if (policy.httpsOnly && url.protocol !== 'https:')
		throw new TargetRefusedError('The URL must use HTTPS (HTTP is rejected).');
	if (isIP(host) !== 0 && classify(host) !== 'public') {
		throw new TargetRefusedError(
			`The URL must be publicly accessible (${classify(host)} address).`,
		);
	}
	return url;
}

/** Resolves a name to all its addresses; `dns.lookup` unless a test injects a stand-in. */
export type Resolver = (
	hostname: string,
	callback: (error: Error | null, addresses: LookupAddress[]) => void,
) => void;

const systemResolver: Resolver = (hostname, callback) =>
	dnsLookup(hostname, { all: true }, callback);

/**
 * A `lookup` for http.request that refuses names resolving to non-public addresses, so the
 * check holds for the address actually connected to (no DNS rebinding between check and use).
 */
export function guardedLookup(allowLoopback: boolean, resolve: Resolver = systemResolver) {
	return (
		hostname: string,
		options: { all?: boolean; family?: number } | number,
		callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
	): void => {
		const all = typeof options === 'object' && options.all === true;
		resolve(hostname, (error, addresses) => {
			if (error) return callback(error, all ? [] : '');
			const refused = addresses.find((a) => !permitted(a.address, allowLoopback));
			if (refused || addresses.length === 0) {
				return callback(
					new TargetRefusedError(
						`${hostname} resolves to a ${refused ? classify(refused.address) : 'missing'} address; refused.`,
					),
					all ? [] : '',
				);
			}
			if (all) return callback(null, addresses);
			const first = addresses[0] as LookupAddress;
			callback(null, first.address, first.family);
		});
	};
}

/** Whether a literal address may be connected to. */
export function permitted(address: string, allowLoopback: boolean): boolean {
	const kind = classify(address);
	return kind === 'public' || (kind === 'loopback' && allowLoopback);
}

export function classify(address: string): AddressClass {
	const host = bareHost(address);
	if (isIP(host) === 4) return classifyV4(host.split('.').map(Number));
	if (isIP(host) === 6) return classifyV6(parseV6(host));
	return 'reserved';
}

function classifyV4(o: number[]): AddressClass {
	const [a = 0, b = 0] = o;
	if (a === 127) return 'loopback';
	if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private';
	if (a === 100 && b >= 64 && b <= 127) return 'private'; // carrier-grade NAT
	if (a === 169 && b === 254) return 'link-local'; // includes 169.254.169.254 (cloud metadata)
	if (
		a === 0 ||
		a >= 224 ||
		(a === 192 && b === 0 && o[2] === 0) ||
		(a === 198 && (b === 18 || b === 19))
	)
		return 'reserved';
	return 'public';
}

function classifyV6(w: number[]): AddressClass {
	const first = w[0] ?? 0;
	const isZero = (from: number, to: number) => w.slice(from, to).every((x) => x === 0);
	// IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::/96) carry IPv4.
	const embeddedV4 = () => [
		(w[6] ?? 0) >> 8,
		(w[6] ?? 0) & 255,
		(w[7] ?? 0) >> 8,
		(w[7] ?? 0) & 255,
	];
	if (isZero(0, 5) && w[5] === 0xffff) return classifyV4(embeddedV4());
	if (first === 0x64 && w[1] === 0xff9b && isZero(2, 6)) return classifyV4(embeddedV4());
	if (isZero(0, 7) && w[7] === 1) return 'loopback';
	if (isZero(0, 6)) return 'reserved'; // :: and IPv4-compatible forms
	if ((first & 0xfe00) === 0xfc00) return 'unique-local';
	if ((first & 0xffc0) === 0xfe80) return 'link-local';
	if ((first & 0xff00) === 0xff00 || (first === 0x2001 && w[1] === 0xdb8)) return 'reserved';
	return 'public';
}

/** Eight 16-bit words of an IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function parseV6(text: string): number[] {
	let address = text.split('%')[0] ?? '';
	const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
	if (dotted?.[1]) {
		const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split('.').map(Number);
		address = `${address.slice(0, -dotted[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
	}
	const [head = '', tail] = address.split('::');
	const parts = (s: string) => (s ? s.split(':').map((x) => parseInt(x, 16)) : []);
	const left = parts(head);
	const right = tail === undefined ? [] : parts(tail);
	return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function bareHost(hostname: string): string {
	return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
