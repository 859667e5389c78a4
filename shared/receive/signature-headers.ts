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
	const alias = scheme.aliases.find((names) => {
		const other = names[scheme.header];
		return other !== undefined && headers.has(other);
	});
	if (alias === undefined) return;
	for (const [own, other] of Object.entries(alias)) {
		const values = headers.get(other);
		if (values === undefined) headers.delete(own);
		else headers.set(own, values);
	}
}
