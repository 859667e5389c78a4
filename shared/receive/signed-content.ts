import type { SignatureScheme } from '../providers/profile';

/** What the parts of a signed content are read from: the verifier's delivery or the signer's. */
export interface ContentSource {
	body: Buffer | string;
	/** A header's single value; throws (verifier) when it is absent or repeated. */
	header(name: string): string;
	timestamp: string;
	/** The URL the provider called; throws (verifier) when the receiver was not given it. */
	url(): string;
}

/**
 * The signed content as the pieces HMAC is fed, in order: the scheme's parts read from the
 * source, the body as its own bytes (never re-encoded), everything else as UTF-8 text.
 */
export function signedContent(scheme: SignatureScheme, source: ContentSource): (Buffer | string)[] {
	return scheme.content.map((part) => {
		switch (part.part) {
			case 'body':
				return source.body;
			case 'text':
				return part.text;
			case 'header':
				return source.header(part.name);
			case 'timestamp':
				return source.timestamp;
			case 'url':
				return source.url();
			case 'form':
				return formParameters(scheme, source);
		}
	});
}

/**
 * Twilio's form content: every parameter of the form-encoded body, sorted by name (a repeated
 * name's distinct values sorted too, as twilio's library does), each name followed by its value. Empty when the signed URL carries
 * a hash of the body instead (`bodyHash`), which is then checked on its own.
 */
function formParameters(scheme: SignatureScheme, source: ContentSource): string {
	if (scheme.bodyHash && bodyHashParam(scheme, source.url()) !== null) return '';
	const text = typeof source.body === 'string' ? source.body : source.body.toString('utf8');
	const params = new URLSearchParams(text);
	const names = [...new Set(params.keys())].sort();
	let joined = '';
	for (const name of names) {
		for (const value of [...new Set(params.getAll(name))].sort()) joined += name + value;
	}
	return joined;
}

/** The body hash the URL carries under the scheme's `bodyHash.param`, or null. */
export function bodyHashParam(scheme: SignatureScheme, url: string): string | null {
	if (!scheme.bodyHash) return null;
	const query = url.indexOf('?');
	if (query < 0) return null;
	return new URLSearchParams(url.slice(query + 1)).get(scheme.bodyHash.param);
}
