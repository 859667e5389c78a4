/**
 * One JSON call to the reference provider's API or admin routes, as the demo's user would make
 * it; a non-2xx answer is an error naming the route (never the body, which may hold a secret).
 */
export async function requestJson(method: string, url: string, body?: unknown): Promise<unknown> {
	const response = await fetch(url, {
		method,
		...(body === undefined
			? {}
			: { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
	});
	const parsed: unknown = await response.json();
	if (!response.ok)
		throw new Error(`${method} ${new URL(url).pathname} answered ${response.status}`);
	return parsed;
}
