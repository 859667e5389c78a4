'use strict';
// Preloaded into a child process (`NODE_OPTIONS=--require <this file>`, see
// wireCaptureEnv in wire-capture.ts): every request an HTTP server of that process
// receives with a signature header (a name with "signature" or "hmac") is written, as parsed off the socket (headers, raw body
// bytes), as one JSON line to $WIRE_CAPTURE_FILE. Passive: it subscribes to Node's
// `http.server.request.start` diagnostics channel, which fires just before the server's own
// 'request' handler in the same tick, and only listens to the body alongside that handler.
// Requests without a signature header (the provider's own API and dashboard) are left alone.
const { appendFileSync } = require('node:fs');
const diagnostics = require('node:diagnostics_channel');

const file = process.env.WIRE_CAPTURE_FILE;
if (file) {
	diagnostics.subscribe('http.server.request.start', ({ request, socket }) => {
		// Shopify's is X-Shopify-Hmac-Sha256: "hmac" marks a signature header too.
		const signed = (name) => name.includes('signature') || name.includes('hmac');
		if (!Object.keys(request.headers).some(signed)) return;
		const localPort = socket.localPort;
		const chunks = [];
		request.on('data', (chunk) => chunks.push(chunk));
		request.on('end', () => {
			const line = {
				localPort,
				method: request.method,
				url: request.url,
				headers: request.headers,
				body: Buffer.concat(chunks).toString('base64'),
			};
			appendFileSync(file, `${JSON.stringify(line)}\n`);
		});
	});
}
