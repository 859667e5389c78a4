import {
	parseJsonText,
	type RequestDescription,
	type ResponseDescription,
	SubscriptionError,
} from '@hookbridge/core';
import { HttpFailure, httpRequest } from './http-request';

/**
 * Executes a request description (CLI, demo, gateway, tests). Every status is an answer for the
 * pure parsers, which turn 4xx/5xx into typed errors; no answer is a typed provider_unavailable.
 * A management API that answers with more than 5 MiB is misbehaving: not buffered, refused.
 */
export async function executeRequest(request: RequestDescription): Promise<ResponseDescription> {
	try {
		const response = await httpRequest({
			method: request.method,
			url: request.url,
			headers: request.headers,
			...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
			timeoutMs: 15_000,
			maxBytes: 5 * 1024 * 1024,
		});
		return {
			status: response.status,
			headers: response.headers,
			body: parseJsonText(response.body.toString('utf8')),
		};
	} catch (error) {
		if (!(error instanceof HttpFailure)) throw error;
		throw new SubscriptionError(
			'provider_unavailable',
			`Could not reach ${origin(request.url)} (${error.reason}). Check the base URL and your connection.`,
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
