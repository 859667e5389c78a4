import { BlockList, isIP } from 'node:net';
import { z } from 'zod/v4';
import { checkSecret, InvalidSecretError, type Profile } from '@hookbridge/core';

/** Ids appear in URLs (`/in/<id>`), logs and metric labels: short, lower-case, URL-safe. */
export const idSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, {
	error: 'must be 1 to 64 of a-z, 0-9, _ and -, starting with a letter or a digit',
});

/**
 * A strict object whose unknown-key issue lists the keys allowed there, so a typo such as
 * `destination:` is reported with the spelling it was meant to have.
 */
export function strictObject<T extends z.core.$ZodLooseShape>(shape: T) {
	const allowed = Object.keys(shape).join(', ');
	return z.strictObject(shape, {
		error: (issue) =>
			issue.code === 'unrecognized_keys' ? `unknown field; allowed here: ${allowed}` : undefined,
	});
}

/**
 * An integer field. `${PORT}` substitutes text, so a string of digits is read as its number:
 * that is how a container platform's PORT reaches `listen.port`.
 */
export function integer(min: number, max = Number.MAX_SAFE_INTEGER) {
	const error =
		max === Number.MAX_SAFE_INTEGER
			? `must be a whole number, at least ${min}`
			: `must be a whole number from ${min} to ${max}`;
	return z.preprocess(
		(value) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value),
		z.number({ error }).int({ error }).min(min, { error }).max(max, { error }),
	);
}

/** Non-empty text; the message never repeats the value (it may be a credential). */
export const textSchema = z.string().refine((text) => text.trim() !== '', { error: 'is empty' });

/** InvalidSecretError's message says what is wrong, never the secret; other errors are bugs. */
export function secretProblem(profile: Profile | string, secret: string): string | undefined {
	try {
		checkSecret(profile, secret);
		return undefined;
	} catch (error) {
		if (error instanceof InvalidSecretError) return error.message;
		throw error;
	}
}

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/** 127.0.0.0/8, ::1 or localhost (a trailing dot names the same host). */
export function isLoopbackHost(hostname: string): boolean {
	const bracketed = hostname.startsWith('[') && hostname.endsWith(']');
	const host = (bracketed ? hostname.slice(1, -1) : hostname).replace(/\.+$/, '');
	if (host === 'localhost') return true;
	const family = isIP(host);
	return family !== 0 && LOOPBACK.check(host, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * What is wrong with a URL that secrets or events are sent to, whatever `allowLoopback` says:
 * it must be https, or http to a loopback host (then `allowLoopback` decides, at the top level,
 * where the flag is known). Messages never repeat the URL: it may carry credentials.
 */
export function urlProblem(raw: string): string | undefined {
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return 'is not an absolute URL; write https://host/path';
	}
	if (url.protocol === 'https:') return undefined;
	if (url.protocol !== 'http:') return `must be an https URL, not ${url.protocol}`;
	if (isLoopbackHost(url.hostname)) return undefined;
	return 'must use https; http is allowed only to a loopback host, with allowLoopback: true';
}

/** A URL field checked by `urlProblem`. */
export function urlSchema() {
	return z.string().superRefine((raw, ctx) => {
		const problem = urlProblem(raw);
		if (problem) ctx.addIssue({ code: 'custom', message: problem });
	});
}

/** Whether a URL is plain http to a loopback host: allowed only with `allowLoopback`. */
export function needsLoopbackFlag(raw: string): boolean {
	if (!URL.canParse(raw)) return false;
	const url = new URL(raw);
	return url.protocol === 'http:' && isLoopbackHost(url.hostname);
}
