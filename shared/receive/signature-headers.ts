import type { SignatureScheme } from '../providers/profile';
import type { HeaderMap } from './header-map';

/**
 * Reads a delivery sent under one of the scheme's alias header sets (senders powered by Svix
 * use `svix-*` for the Standard Webhooks `webhook-*`) as if sent under the scheme's own names.
 * The set is taken whole, and any own-name header beside it is replaced, so the signature, the
 * timestamp and the event id that dedupe keys on always come from the same, signed set.
 */
export function useSignatureHeaders(scheme: SignatureScheme, headers: HeaderMap): void {
	if (scheme.aliases === undefined || headers.has(scheme.header)) return;
	const alias = scheme.aliases.find((names) => headers.has(names.header));
	if (alias === undefined) return;
	move(headers, alias.header, scheme.header);
	move(headers, alias.timestampHeader, scheme.timestampHeader);
	move(headers, alias.idHeader, scheme.idHeader);
}

function move(headers: HeaderMap, from: string | undefined, to: string | undefined): void {
	if (from === undefined || to === undefined) return;
	const values = headers.get(from);
	if (values === undefined) headers.delete(to);
	else headers.set(to, values);
}
