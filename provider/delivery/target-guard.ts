import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { classify } from './address-class';

// The one classifier (admin/dashboard loopback checks use it too); re-exported for callers.
export { classify, type AddressClass } from './address-class';

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

function bareHost(hostname: string): string {
	return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}
