import type { ListenOutcome } from './listener';

/** One readable line per delivery, like a provider CLI's listener. Never the payload, never a secret. */
export function formatOutcome(outcome: ListenOutcome, now = new Date()): string {
	const time = now.toISOString().slice(11, 19);
	if (outcome.kind === 'refused')
		return `${time}  ✖ ${outcome.status} ${outcome.code}: ${outcome.message}`;
	const e = outcome.event;
	const tags = [
		e.test ? 'test' : '',
		e.known ? '' : 'unknown type',
		e.validation.ok ? '' : 'schema mismatch',
	]
		.filter(Boolean)
		.join(', ');
	const head = `${time}  ${outcome.kind === 'duplicate' ? '↺ duplicate' : '✔'} ${e.provider} ${e.type} ${e.id}`;
	const forward =
		outcome.kind === 'accepted' && outcome.forward
			? outcome.forward.ok
				? `  → forwarded (${outcome.forward.status}${outcome.forward.attempts > 1 ? `, ${outcome.forward.attempts} tries` : ''})`
				: `  → forward failed after ${outcome.forward.attempts} tries (${outcome.forward.status ?? outcome.forward.error}); answered ${outcome.status} so the provider retries`
			: '';
	return `${head}${tags ? `  [${tags}]` : ''}${forward}`;
}
