import { SubscriptionError } from '../errors/subscription-error';
import type { Profile } from '../providers/profile';
import { readPath } from '../receive/read-path';
import type { ResponseDescription } from './types';

const MAX_MESSAGE = 300;

/** Whether the call succeeded (2xx). */
export function isSuccess(response: ResponseDescription): boolean {
	return response.status >= 200 && response.status < 300;
}

/**
 * Turns a failed management-API response into a typed error a non-programmer can act on. The
 * provider's own message is quoted (shortened) where it gives one: it says what to fix.
 */
export function responseError(profile: Profile, response: ResponseDescription): SubscriptionError {
	const { status } = response;
	const said = providerMessage(response.body);
	const quote = said ? ` ${profile.name} said: "${said}".` : '';
	if (status === 401) {
		return new SubscriptionError(
			'unauthorized',
			`${profile.name} refused the API key (401). Check the key${profile.api?.credentials.length === 1 ? '' : ' and the other connection fields'}.`,
			status,
		);
	}
	if ((status === 403 || status === 422) && /limit/i.test(`${errorCode(response.body)} ${said}`)) {
		return new SubscriptionError(
			'plan_limit_reached',
			`Your ${profile.name} plan allows no more webhooks. Delete one you no longer use, or upgrade the plan.${quote}`,
			status,
		);
	}
	if (status === 403) {
		return new SubscriptionError(
			'forbidden',
			`${profile.name} refused this call for this API key (403).${quote}`,
			status,
		);
	}
	if (status === 404) {
		return new SubscriptionError(
			'not_found',
			`${profile.name} has no such webhook (404); it may have been deleted.`,
			status,
		);
	}
	if (status === 429) {
		const wait = retryAfterSeconds(response.headers?.['retry-after']);
		const when = wait === undefined ? 'in a minute' : `after ${wait} s`;
		return new SubscriptionError(
			'rate_limited',
			`${profile.name} is rate limiting this API key (429). Try again ${when}.`,
			status,
			wait,
		);
	}
	if (status >= 400 && status < 500) {
		return new SubscriptionError(
			'invalid_request',
			`${profile.name} rejected the request (${status}).${quote}`,
			status,
		);
	}
	if (status >= 500) {
		return new SubscriptionError(
			'provider_unavailable',
			`${profile.name} had a server error (${status}); try again later.`,
			status,
		);
	}
	return new SubscriptionError(
		'unexpected_response',
		`${profile.name} answered with an unexpected status (${status}).`,
		status,
	);
}

function providerMessage(body: unknown): string | undefined {
	const candidates = [
		readPath(body, 'message'),
		readPath(body, 'error.message'),
		readPath(body, 'error'),
		readPath(body, 'errors.0.detail'),
		readPath(body, 'errors.0.title'),
		readPath(body, 'errors.0.message'),
	];
	const found = candidates.find(
		(value): value is string => typeof value === 'string' && value.trim() !== '',
	);
	if (!found) return undefined;
	return found.length > MAX_MESSAGE ? `${found.slice(0, MAX_MESSAGE)}…` : found;
}

function errorCode(body: unknown): string {
	const code =
		readPath(body, 'errors.0.code') ?? readPath(body, 'code') ?? readPath(body, 'error.code');
	return typeof code === 'string' ? code : '';
}

/** Retry-After is delta-seconds or an HTTP date. */
function retryAfterSeconds(value: string | string[] | number | undefined): number | undefined {
	const raw = Array.isArray(value) ? value[0] : value;
	if (raw === undefined || raw === '') return undefined;
	if (typeof raw === 'number') return raw;
	if (/^\d+$/.test(raw)) return Number(raw);
	const at = Date.parse(raw);
	return Number.isFinite(at) ? Math.max(0, Math.ceil((at - Date.now()) / 1000)) : undefined;
}
