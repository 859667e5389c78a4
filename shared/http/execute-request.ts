import axios, { type AxiosInstance } from 'axios';
import { SubscriptionError } from '../errors/subscription-error';
import { parseJsonText } from '../subscriptions/parse-json-text';
import type { RequestDescription, ResponseDescription } from '../subscriptions/types';

const client: AxiosInstance = axios.create({
	timeout: 15_000,
	// Every status is an answer to parse: the pure parsers turn 4xx/5xx into typed errors.
	validateStatus: () => true,
	maxRedirects: 0,
	// A management API that answers with a huge body is misbehaving; don't buffer it all.
	maxContentLength: 5 * 1024 * 1024,
	proxy: false,
});

/** Executes a request description with axios (CLI, demo, tests). Network failures are typed. */
export async function executeRequest(request: RequestDescription): Promise<ResponseDescription> {
	try {
		const response = await client.request({
			method: request.method,
			url: request.url,
			headers: request.headers,
			data: request.body === undefined ? undefined : JSON.stringify(request.body),
			responseType: 'text',
			transformResponse: (text: unknown) => text,
		});
		return {
			status: response.status,
			headers: Object.fromEntries(
				Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v as string | string[]]),
			),
			body: parseJsonText(response.data),
		};
	} catch (error) {
		const reason = axios.isAxiosError(error) ? (error.code ?? 'network error') : 'network error';
		throw new SubscriptionError(
			'provider_unavailable',
			`Could not reach ${origin(request.url)} (${reason}). Check the base URL and your connection.`,
		);
	}
}

/** Scheme, host and port only: paths and query strings may carry tokens. */
function origin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		return 'the provider (invalid base URL)';
	}
}
