import type { ZObject } from 'zapier-platform-core';
import { parseJsonText, type RequestDescription, type ResponseDescription } from '@hookbridge/core';

/**
 * Executes a shared request description with z.request, so Zapier's own logging, secret
 * scrubbing and retries apply. Every status comes back: the shared parsers type the errors.
 */
export async function zRequest(
	z: ZObject,
	request: RequestDescription,
): Promise<ResponseDescription> {
	const response = await z.request({
		method: request.method,
		url: request.url,
		headers: request.headers,
		...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
		skipThrowForStatus: true,
	});
	const headers: Record<string, string> = {};
	response.headers?.forEach?.((value: string, name: string) => {
		headers[name.toLowerCase()] = value;
	});
	return { status: response.status, headers, body: parseJsonText(response.content) };
}
