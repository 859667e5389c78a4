import { createServer, type Server } from 'node:http';
import { HttpFailure, httpRequest } from '../../../cli/http/http-request';
import { closeServer, freeLoopbackPort, listenOnLoopback } from '../../helpers/loopback-server';

// The CLI's one HTTP client against real node:http servers on loopback.

let server: Server | undefined;
afterEach(() => closeServer(server));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
	server = createServer(handler);
	return listenOnLoopback(server);
}

async function failure(call: Promise<unknown>): Promise<HttpFailure> {
	const error: unknown = await call.then(
		() => undefined,
		(e: unknown) => e,
	);
	if (!(error instanceof HttpFailure))
		throw new Error(`expected an HttpFailure, got ${String(error)}`);
	return error;
}

test('sends method, headers and body, and answers status, lower-case headers and body', async () => {
	let seen = { method: '', type: '', body: '' };
	const url = await serve((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		request.on('end', () => {
			seen = { method: request.method ?? '', type: request.headers['content-type'] ?? '', body };
			response.writeHead(418, { 'X-Answer': 'teapot' }).end('{"ok":false}');
		});
	});
	const response = await httpRequest({
		method: 'PATCH',
		url: `${url}/x`,
		headers: { 'content-type': 'application/json' },
		body: '{"a":1}',
	});
	expect(seen).toEqual({ method: 'PATCH', type: 'application/json', body: '{"a":1}' });
	expect(response.status).toBe(418);
	expect(response.headers['x-answer']).toBe('teapot');
	expect(response.body.toString('utf8')).toBe('{"ok":false}');
});

test('a redirect is answered as it was sent, not followed', async () => {
	let followed = false;
	const url = await serve((request, response) => {
		if (request.url === '/moved') followed = true;
		response.writeHead(302, { location: '/moved' }).end();
	});
	const response = await httpRequest({ method: 'GET', url: `${url}/old` });
	expect(response.status).toBe(302);
	expect(followed).toBe(false);
});

test('an answer larger than maxBytes is too_large', async () => {
	const url = await serve((_request, response) => response.end(Buffer.alloc(64 * 1024, 0x61)));
	const error = await failure(httpRequest({ method: 'GET', url, maxBytes: 1024 }));
	expect(error.reason).toBe('too_large');
	const fits = await httpRequest({ method: 'GET', url, maxBytes: 64 * 1024 });
	expect(fits.body.length).toBe(64 * 1024);
});

test('a server that never answers is a timeout', async () => {
	const url = await serve(() => undefined);
	const error = await failure(httpRequest({ method: 'GET', url, timeoutMs: 200 }));
	expect(error.reason).toBe('timeout');
});

test('a refused connection names the socket error', async () => {
	const port = await freeLoopbackPort();
	const error = await failure(httpRequest({ method: 'GET', url: `http://127.0.0.1:${port}/` }));
	expect(error.reason).toBe('ECONNREFUSED');
});

test('discardBody: the status decides, even when the body runs long or breaks off', async () => {
	const url = await serve((request, response) => {
		if (request.url === '/long') return void response.end(Buffer.alloc(64 * 1024, 0x61));
		response.writeHead(200, { 'content-length': '1000' });
		response.write('partial');
		// The answer breaks off after its status: the socket is closed mid-body.
		setTimeout(() => response.destroy(), 20);
	});
	const long = await httpRequest({
		method: 'GET',
		url: `${url}/long`,
		maxBytes: 1024,
		discardBody: true,
	});
	expect([long.status, long.body.length]).toEqual([200, 0]);
	const broken = await httpRequest({ method: 'GET', url: `${url}/broken`, discardBody: true });
	expect(broken.status).toBe(200);
	await expect(httpRequest({ method: 'GET', url: `${url}/broken` })).rejects.toBeInstanceOf(
		HttpFailure,
	);
});
