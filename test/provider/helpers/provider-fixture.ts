import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
	startProvider,
	type ProviderOptions,
	type RunningProvider,
} from '../../../provider/start-provider';

/** A reference provider on 127.0.0.1:0 with its own SQLite file, loopback targets allowed. */
export async function startTestProvider(
	options: Partial<ProviderOptions> = {},
): Promise<RunningProvider> {
	const dir = mkdtempSync(join(tmpdir(), 'hookbridge-provider-'));
	return startProvider({
		port: 0,
		dataFile: join(dir, 'provider.sqlite'),
		allowLoopback: true,
		...options,
	});
}

export interface HttpResult {
	status: number;
	headers: Headers;
	body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
}

/** A JSON call to the running service over real HTTP. */
export async function call(
	method: string,
	url: string,
	body?: unknown,
	headers: Record<string, string> = {},
): Promise<HttpResult> {
	const response = await fetch(url, {
		method,
		headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	const text = await response.text();
	let parsed: unknown = text;
	try {
		parsed = text ? JSON.parse(text) : undefined;
	} catch {
		// not JSON: keep the text
	}
	return { status: response.status, headers: response.headers, body: parsed };
}

export async function createAccount(provider: RunningProvider, id: string, plan?: string) {
	const result = await call('POST', `${provider.url}/_admin/accounts`, {
		provider: id,
		...(plan ? { plan } : {}),
	});
	if (result.status !== 201)
		throw new Error(`account: ${result.status} ${JSON.stringify(result.body)}`);
	return result.body as { id: string; apiKey: string; plan: string };
}

export async function emit(
	provider: RunningProvider,
	id: string,
	account: string,
	type: string,
	data?: unknown,
) {
	const result = await call('POST', `${provider.url}/_admin/${id}/events`, {
		account,
		type,
		...(data === undefined ? {} : { data }),
	});
	if (result.status !== 202)
		throw new Error(`emit: ${result.status} ${JSON.stringify(result.body)}`);
	return result.body as { eventId: string; deliveries: string[] };
}
