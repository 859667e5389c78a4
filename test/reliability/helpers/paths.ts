import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import type { INodeType, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import zapier from 'zapier-platform-core';
import { getProfile, receive, WebhookError, type ReceiveOptions } from '../../../shared';
import { DuplicateEventError } from '../../../shared/errors/webhook-error';
import { hookbridgeTrigger } from '../../../n8n/lib/hookbridge-trigger';
import { CliProcess } from '../../cli/helpers/cli-process';
import { stubContext } from '../../n8n/stub-context';
import { appFor, operation, zapierHeaders } from '../../zapier/app-fixture';
import type { HeaderPairs } from './forgeries';

// The four ways a delivery gets in, driven as their hosts drive them. Zapier's and n8n's clouds
// cannot run here: the Zapier perform gets a bundle shaped like Zapier's (Http- headers, text
// content, core's own AppError) and n8n's webhook() a context shaped like n8n's (raw body,
// Node's headers and headersDistinct, static data, credentials).

export interface Delivery {
	headers: HeaderPairs;
	body: Buffer;
}

export interface Outcome {
	accepted: boolean;
	duplicate?: boolean;
	code?: string;
	status?: number;
	/** What the path handed on (event, workflow items, response body), for inspection. */
	output?: unknown;
}

export type Send = (delivery: Delivery) => Promise<Outcome>;

export function receivePath(provider: string, options: ReceiveOptions): Send {
	return async (delivery) => {
		try {
			const event = await receive(provider, delivery, options);
			return { accepted: true, output: event };
		} catch (error) {
			if (error instanceof DuplicateEventError)
				return { accepted: false, duplicate: true, code: error.code, output: error.event };
			if (error instanceof WebhookError)
				return { accepted: false, code: error.code, status: error.status, output: error.message };
			throw error;
		}
	};
}

export interface ListenPath {
	send: Send;
	listen: CliProcess;
	/** Resident memory of the listen process, in KiB (Linux /proc). */
	rssKiB(): number;
	stop(): Promise<number | null>;
}

/** `hookbridge listen` as a user runs it, fed over real HTTP on 127.0.0.1. */
export async function startListenPath(
	provider: string,
	secrets: string[],
	extra: string[] = [],
): Promise<ListenPath> {
	const listen = new CliProcess([
		'listen',
		'--provider',
		provider,
		'--port',
		'0',
		...secrets.flatMap((secret) => ['--secret', secret]),
		...extra,
	]);
	const url = new URL(
		(await listen.waitFor(/deliveries on (http:\/\/127\.0\.0\.1:\d+)\//))[1] ?? '',
	);
	await listen.waitFor(/ready/);
	const agent = new Agent({ keepAlive: true, maxSockets: 16 });
	return {
		listen,
		send: (delivery) => post(url, agent, delivery),
		rssKiB: () => {
			const status = readFileSync(`/proc/${listen.child.pid}/status`, 'utf8');
			return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
		},
		stop: async () => {
			agent.destroy();
			return listen.stop();
		},
	};
}

/** The anyEvent trigger's perform, with the secret where Zapier keeps it for this provider. */
export function zapierPath(provider: string, secret: string, previousSecret?: string): Send {
	const profile = getProfile(provider);
	const perform = operation(appFor(provider), 'anyEvent').perform as unknown as (
		z: unknown,
		bundle: unknown,
	) => Promise<unknown[]>;
	const cache = new Map<string, unknown>();
	const z = {
		errors: zapier.errors,
		cache: {
			get: async (key: string) => cache.get(key) ?? null,
			set: async (key: string, value: unknown) => (cache.set(key, value), true),
			delete: async (key: string) => cache.delete(key),
		},
	};
	return async (delivery) => {
		const bundle = {
			authData: profile.api
				? {}
				: {
						signingSecret: secret,
						...(previousSecret ? { previousSigningSecret: previousSecret } : {}),
					},
			inputData: {},
			...(profile.api ? { subscribeData: { id: 'sub_1', secret } } : {}),
			rawRequest: {
				method: 'POST',
				querystring: '',
				// As Zapier hands them over: `Http-` Camel-Case names, repeats joined by ", ".
				headers: zapierHeaders(groupByName(delivery.headers)),
				content: delivery.body.toString('utf8'),
			},
		};
		try {
			const events = await perform(z, bundle);
			return events.length > 0
				? { accepted: true, output: events }
				: { accepted: false, duplicate: true, output: events };
		} catch (error) {
			// zapier-platform-core's AppError carries {message, code, status} as its message.
			const parsed = JSON.parse((error as Error).message) as { code: string; status: number };
			return { accepted: false, code: parsed.code, status: parsed.status, output: parsed };
		}
	};
}

/** The trigger node's webhook(), as n8n calls it for each request. */
export function n8nPath(provider: string, secret: string, previousSecret?: string): Send {
	const profile = getProfile(provider);
	const Trigger = hookbridgeTrigger(profile) as new () => INodeType;
	const node = new Trigger();
	const webhookUrl = 'http://127.0.0.1:5678/webhook/reliability/webhook';
	const staticData = {
		hooks: { [webhookUrl]: { webhookId: 'wh_1', webhookSecret: secret, webhookEvents: [] } },
	};
	return async (delivery) => {
		const distinct = groupByName(delivery.headers);
		const context = stubContext({
			webhookUrl,
			parameters: { options: {}, events: [] },
			credentials: {
				signingSecret: secret,
				...(previousSecret ? { previousSigningSecret: previousSecret } : {}),
			},
			staticData,
			request: {
				headers: Object.fromEntries(
					Object.entries(distinct).map(([name, values]) => [name, values.join(', ')]),
				),
				rawBody: delivery.body,
			},
		});
		// n8n's request is Node's IncomingMessage: it has headersDistinct too.
		Object.assign(context.getRequestObject(), { headersDistinct: distinct });
		const result = (await node.webhook?.call(
			context as unknown as IWebhookFunctions,
		)) as IWebhookResponseData;
		if (result.workflowData) return { accepted: true, output: result.workflowData };
		const body = context.response.body as
			{ error?: { code?: string }; duplicate?: boolean } | undefined;
		return {
			accepted: false,
			duplicate: body?.duplicate === true,
			status: context.response.status,
			output: body,
			...(body?.error?.code ? { code: body.error.code } : {}),
		};
	};
}

/** Every value of each header, by lower-case name, in the order sent (Node's headersDistinct). */
function groupByName(headers: HeaderPairs): Record<string, string[]> {
	const grouped: Record<string, string[]> = {};
	for (const [name, value] of headers) (grouped[name.toLowerCase()] ??= []).push(value);
	return grouped;
}

const LARGE = 1024 * 1024;

/** One POST with the delivery's exact headers (repeats as separate header lines) and bytes. */
export function post(url: URL, agent: Agent, delivery: Delivery): Promise<Outcome> {
	return new Promise((resolve, reject) => {
		const req = request({ host: url.hostname, port: url.port, path: '/', method: 'POST', agent });
		const grouped = new Map<string, { name: string; values: string[] }>();
		for (const [name, value] of delivery.headers) {
			const entry = grouped.get(name.toLowerCase());
			if (entry) entry.values.push(value);
			else grouped.set(name.toLowerCase(), { name, values: [value] });
		}
		for (const { name, values } of grouped.values())
			req.setHeader(name, values.length === 1 ? (values[0] ?? '') : values);
		req.setHeader('content-type', 'application/json');
		req.setHeader('content-length', delivery.body.length);
		req.on('response', (response) => {
			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.on('end', () => {
				const status = response.statusCode ?? 0;
				let body: { error?: { code?: string }; duplicate?: boolean } | undefined;
				try {
					body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
				} catch {
					// Node's own 431 has no JSON body.
				}
				resolve({
					accepted: status >= 200 && status < 300 && body?.duplicate !== true,
					duplicate: body?.duplicate === true,
					status,
					output: body,
					...(body?.error?.code ? { code: body.error.code } : {}),
				});
			});
		});
		let answered = false;
		req.once('response', () => (answered = true));
		req.on('error', (error) => {
			if (!answered) reject(error);
		});
		if (delivery.body.length <= LARGE) return void req.end(delivery.body);
		// A receiver answers 413 from Content-Length and closes without reading a large body, as
		// it should; wait for that answer first, as a careful client would (cf. Expect:
		// 100-continue), instead of writing 10 MB into a closed socket. Up to 5 s: on a loaded
		// 2-core machine 200 ms was not always enough, and the write then failed with EPIPE.
		req.flushHeaders();
		const waitedFrom = Date.now();
		const writeUnlessAnswered = () => {
			if (answered) req.destroy();
			else if (Date.now() - waitedFrom < 5_000) setTimeout(writeUnlessAnswered, 20);
			else req.end(delivery.body);
		};
		setTimeout(writeUnlessAnswered, 20);
	});
}
