import { HttpFailure, httpRequest } from '../http/http-request';
import {
	type NormalizedEvent,
	relayBody,
	relayMessageId,
	signDelivery,
	relayProfile,
} from '@hookbridge/core';

export interface ForwardOptions {
	url: string;
	/** The relay secret (`whsec_…`) the relayed request is signed with. */
	secret: string;
	/** Tries before giving up (the provider's own retry takes over then). */
	attempts: number;
	/** Wait before the second try; doubled each time. */
	backoffMs: number;
	timeoutMs: number;
}

export interface ForwardResult {
	ok: boolean;
	attempts: number;
	status: number | null;
	error?: string;
}

/**
 * Relays a verified, normalised event to a platform's catch-hook URL, re-signed with the
 * relay scheme. `webhook-id` is derived from provider + event id, so it is the
 * same on every relay of the event and the platform can dedupe on it.
 */
export async function forwardEvent(
	event: NormalizedEvent,
	options: ForwardOptions,
): Promise<ForwardResult> {
	const body = relayBody(event);
	const messageId = relayMessageId(event.provider, event.id);
	let last: ForwardResult = { ok: false, attempts: 0, status: null };
	for (let attempt = 1; attempt <= options.attempts; attempt++) {
		if (attempt > 1) await sleep(options.backoffMs * 2 ** (attempt - 2));
		const headers = {
			'content-type': 'application/json',
			'user-agent': 'hookbridge-listen',
			...signDelivery(relayProfile, body, options.secret, {
				timestamp: Math.floor(Date.now() / 1000),
				messageId,
			}),
		};
		try {
			// The status decides; the body is read (to keep the connection reusable) and dropped.
			const response = await httpRequest({
				method: 'POST',
				url: options.url,
				headers,
				body,
				timeoutMs: options.timeoutMs,
				discardBody: true,
			});
			last = {
				ok: response.status >= 200 && response.status < 300,
				attempts: attempt,
				status: response.status,
			};
			// A 4xx other than 408/429 will not change by trying again.
			if (
				last.ok ||
				(response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status))
			)
				return last;
		} catch (error) {
			if (!(error instanceof HttpFailure)) throw error;
			last = { ok: false, attempts: attempt, status: null, error: error.reason };
		}
	}
	return last;
}

function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
