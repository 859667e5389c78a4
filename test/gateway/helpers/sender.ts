import { signedDelivery } from '../../helpers/signed-delivery';

export const FLOWELLA_SECRET = 'fl_whsec_0123456789abcdef0123456789abcdef01234567';

/** A Flowella `message.received` body as its docs show it, with the event id given. */
export function flowellaBody(id: string, padding = 0): string {
	return JSON.stringify({
		event: 'message.received',
		timestamp: '2026-02-24T21:00:00.000Z',
		account_id: 'acc_1',
		data: { id, from: '+14155550123', text: `Hola!${' '.repeat(padding)}` },
	});
}

/** POSTs one Flowella delivery signed with node:crypto (never hookbridge's signer). */
export async function postFlowella(
	url: string,
	id: string,
	options: { secret?: string; padding?: number; signal?: AbortSignal } = {},
): Promise<{ status: number; body: { error?: { code: string } } }> {
	const body = flowellaBody(id, options.padding);
	const signed = signedDelivery('flowella', body, options.secret ?? FLOWELLA_SECRET);
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...signed.headers },
		body,
		...(options.signal ? { signal: options.signal } : {}),
	});
	return { status: response.status, body: (await response.json()) as { error?: { code: string } } };
}
