import type { IncomingMessage } from 'node:http';

/** The body was longer than the limit; nothing past the limit was kept. */
export class BodyTooLargeError extends Error {
	constructor(readonly maxBytes: number) {
		super(`The body is larger than ${maxBytes} bytes.`);
		this.name = 'BodyTooLargeError';
	}
}

/**
 * The raw body of a request, refusing (without buffering it) anything over the limit: a
 * declared Content-Length over it is refused before a byte is read, and a body that grows past
 * it stops being kept. The rest is drained so the connection can answer.
 */
export function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const declared = Number(request.headers['content-length'] ?? 0);
		if (declared > maxBytes) {
			request.resume();
			return reject(new BodyTooLargeError(maxBytes));
		}
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > maxBytes) {
				request.removeAllListeners('data');
				request.resume();
				reject(new BodyTooLargeError(maxBytes));
			} else chunks.push(chunk);
		});
		request.on('end', () => resolve(Buffer.concat(chunks)));
		request.on('error', reject);
	});
}
