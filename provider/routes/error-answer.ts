import type { Profile } from '@hookbridge/core';
import { fillTemplate } from './fill-template';

const PLAIN_ERROR = { error: { code: '{code}', message: '{message}' } };

/**
 * A refusal in the persona's error shape (its `error` template), or `{ error: { code, message } }`
 * for the reference provider's own routes and personas that describe none.
 */
export function errorAnswer(
	profile: Profile | undefined,
	refusal: { status: number; code: string; message: string; pointer?: string },
) {
	const persona = profile?.persona?.api;
	const status = String(refusal.status);
	return fillTemplate(persona?.error ?? PLAIN_ERROR, {
		status,
		code: refusal.code,
		title: persona?.errorTitles?.[status] ?? 'Invalid request',
		message: refusal.message,
		pointer: refusal.pointer,
	});
}
