import { httpRequest } from '../http/http-request';

/**
 * One JSON call to the reference provider's API or admin routes, as the demo's user would make
 * it; a non-2xx answer is an error naming the route (never the body, which may hold a secret).
 */
export async function requestJson(method: string, url: string, body?: unknown): Promise<unknown> {
	const response = await httpRequest({
		method,
		url,
		...(body === undefined
			? {}
			: { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
	});
	if (response.status < 200 || response.status > 299)
		throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}`);
	return JSON.parse(response.body.toString('utf8'));
}
