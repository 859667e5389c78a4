export interface HttpRequest {
	method: string;
	url: string;
	headers?: Record<string, string>;
	body?: string;
	timeoutMs?: number;
	/** The most response bytes read; a larger answer is a failure, not buffered whole. */
	maxBytes?: number;
	/**
	 * Only the status matters (a relay's answer): the body is read up to maxBytes and dropped,
	 * and a body that breaks off or runs long does not turn the answer into a failure.
	 */
	discardBody?: boolean;
}

export interface HttpResponse {
	status: number;
	/** Lower-case names; a header sent several times is its values joined by ', ' (set-cookie too). */
	headers: Record<string, string>;
	body: Buffer;
}

/** No answer: `reason` is 'timeout', 'too_large', a socket code (ECONNREFUSED…) or 'network error'. */
export class HttpFailure extends Error {
	constructor(readonly reason: string) {
		super(`HTTP request failed (${reason})`);
		this.name = 'HttpFailure';
	}
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/**
 * The CLI's one HTTP client (subscriptions, relays of `listen --forward`, the demo's and
 * `trigger`'s calls to the reference provider), on Node's fetch. Every status is an answer for
 * the caller to read; redirects are not followed (a management API or destination that moves
 * is answered as it answered); the call ends at its timeout; no proxy from the environment.
 */
export async function httpRequest(request: HttpRequest): Promise<HttpResponse> {
	let response: Response;
	try {
		response = await fetch(request.url, {
			method: request.method,
			...(request.headers === undefined ? {} : { headers: request.headers }),
			...(request.body === undefined ? {} : { body: request.body }),
			redirect: 'manual',
			signal: AbortSignal.timeout(request.timeoutMs ?? DEFAULT_TIMEOUT_MS),
		});
	} catch (error) {
		throw new HttpFailure(reasonOf(error));
	}
	const headers = Object.fromEntries(response.headers);
	const maxBytes = request.maxBytes ?? DEFAULT_MAX_BYTES;
	if (request.discardBody) {
		await readLimited(response, maxBytes).catch(() => undefined);
		return { status: response.status, headers, body: Buffer.alloc(0) };
	}
	return { status: response.status, headers, body: await readLimited(response, maxBytes) };
}

/** The body up to `maxBytes`; more is a failure, and the rest is not read. */
async function readLimited(response: Response, maxBytes: number): Promise<Buffer> {
	if (response.body === null) return Buffer.alloc(0);
	const chunks: Uint8Array[] = [];
	let size = 0;
	try {
		for await (const chunk of response.body) {
			size += chunk.byteLength;
			// Leaving the loop cancels the stream: the rest is never read.
			if (size > maxBytes) throw new HttpFailure('too_large');
			chunks.push(chunk);
		}
	} catch (error) {
		throw error instanceof HttpFailure ? error : new HttpFailure(reasonOf(error));
	}
	return Buffer.concat(chunks);
}

function reasonOf(error: unknown): string {
	// By name, not instanceof: fetch's DOMException may come from another realm (jest's vm).
	if ((error as { name?: unknown } | undefined)?.name === 'TimeoutError') return 'timeout';
	const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
	return typeof cause?.code === 'string' ? cause.code : 'network error';
}
