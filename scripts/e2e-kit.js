'use strict';
// What the real-server e2e scripts (n8n/e2e, node-red/e2e) share: a free loopback port, a JSON
// call over real HTTP, a pause, a check that stops the run with its message.
const net = require('node:net');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
	return new Promise((resolve) => {
		const server = net.createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** A call with a JSON (or text) body; the answer's body parsed as JSON where it is JSON. */
async function http(method, url, body, headers = {}) {
	const response = await fetch(url, {
		method,
		headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
		...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
	});
	const text = await response.text();
	let json;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = text;
	}
	return { status: response.status, body: json, headers: response.headers };
}

function check(condition, message) {
	if (!condition) throw new Error(message);
}

module.exports = { check, freePort, http, sleep };
