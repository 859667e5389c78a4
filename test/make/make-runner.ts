import { evaluate, type Scope } from './iml';

type Spec = Record<string, unknown> & {
	url?: string;
	method?: string;
	headers?: Record<string, string>;
	body?: unknown;
	temp?: unknown;
	response?: Record<string, unknown>;
};

/**
 * Runs one Make request directive (attach, detach, a connection check) the way Make does with
 * the app's base: temp first, relative URLs on baseUrl, base headers, then `response.valid`,
 * `response.error` and `response.data`. Real HTTP (loopback); Make's cloud is what is stood in for.
 */
export async function runRequest(
	spec: Spec,
	base: Spec,
	scope: Scope,
): Promise<{ statusCode: number; data: unknown }> {
	const local: Scope = { ...scope };
	if (spec.temp) local.temp = evaluate(spec.temp, local);
	const url = String(evaluate(spec.url ?? '', local));
	const baseUrl = base.baseUrl ? String(evaluate(base.baseUrl, local)) : '';
	const headers = {
		...(evaluate(base.headers ?? {}, local) as Record<string, string>),
		...(evaluate(spec.headers ?? {}, local) as Record<string, string>),
	};
	const body = spec.body === undefined ? undefined : JSON.stringify(evaluate(spec.body, local));
	const response = await fetch(/^https?:/.test(url) ? url : `${baseUrl}${url}`, {
		method: spec.method ?? 'GET',
		headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
		...(body ? { body } : {}),
	});
	const textBody = await response.text();
	const after: Scope = {
		...local,
		statusCode: response.status,
		body: textBody ? JSON.parse(textBody) : undefined,
	};
	const valid =
		spec.response?.valid === undefined
			? response.status < 300
			: Boolean(evaluate(spec.response.valid, after));
	if (!valid) {
		const error = (spec.response?.error ?? (base.response as Spec | undefined)?.error) as
			{ message?: string } | undefined;
		throw new Error(String(evaluate(error?.message ?? `HTTP ${response.status}`, after)));
	}
	return {
		statusCode: response.status,
		data: spec.response?.data === undefined ? undefined : evaluate(spec.response.data, after),
	};
}

/** A webhook's communication on an incoming request: verification first, then respond + output. */
export function runWebhook(spec: Spec, scope: Scope): { status: number; output?: unknown } {
	const verification = spec.verification as
		{ condition: string; respond: { status: number } } | undefined;
	if (verification && evaluate(verification.condition, scope))
		return { status: verification.respond.status };
	const respond = spec.respond as { status?: number } | undefined;
	return { status: respond?.status ?? 200, output: evaluate(spec.output, scope) };
}
