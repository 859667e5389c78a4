import type { Profile } from '../providers/profile';

/**
 * Whether a profile's signature covers the URL the provider called (Twilio): such deliveries
 * can be verified only where the receiver knows that URL (`delivery.url`).
 */
export function signsUrl(profile: Pick<Profile, 'signature'>): boolean {
	return profile.signature.content.some((part) => part.part === 'url');
}

/** A receiver's public URL with the query string of the request it got (`/in/x?a=1`). */
export function withQuery(publicUrl: string, requestUrl: string | undefined): string {
	const query = requestUrl?.indexOf('?') ?? -1;
	return query < 0 ? publicUrl : `${publicUrl}${(requestUrl ?? '').slice(query)}`;
}
