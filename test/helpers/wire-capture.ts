import { existsSync, readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';

// What the HTTP servers of a child process (the CLI) received, recorded by
// wire-capture-preload.cjs: for checking a process's deliveries from outside it.

const PRELOAD = join(__dirname, 'wire-capture-preload.cjs');

export interface WireRequest {
	/** The receiving server's port: which receiver got it. */
	localPort: number;
	method: string;
	/** The request target (path and query). */
	url: string;
	headers: IncomingHttpHeaders;
	/** The body bytes exactly as received. */
	body: Buffer;
}

/** Environment for a child process that records its signed requests in `file`. */
export function wireCaptureEnv(file: string): NodeJS.ProcessEnv {
	const inherited = process.env.NODE_OPTIONS ? `${process.env.NODE_OPTIONS} ` : '';
	return { WIRE_CAPTURE_FILE: file, NODE_OPTIONS: `${inherited}--require "${PRELOAD}"` };
}

export function readWireCapture(file: string): WireRequest[] {
	if (!existsSync(file)) return [];
	return readFileSync(file, 'utf8')
		.split('\n')
		.filter((line) => line !== '')
		.map((line) => {
			const entry = JSON.parse(line) as Omit<WireRequest, 'body'> & { body: string };
			return { ...entry, body: Buffer.from(entry.body, 'base64') };
		});
}
