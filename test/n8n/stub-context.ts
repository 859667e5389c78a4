import type { IDataObject } from 'n8n-workflow';

// A stand-in for n8n's hook and webhook contexts, shaped like n8n's own
// nodes-base/test/nodes/TriggerHelpers: parameters, credentials, static data, the webhook URL,
// and an httpRequestWithAuthentication that records each call and answers from `respond`.

export interface RecordedCall {
	credentialType: string;
	method: string;
	url: string;
	headers: Record<string, string>;
	body: unknown;
}

export interface StubOptions {
	webhookUrl?: string;
	parameters?: Record<string, unknown>;
	credentials?: IDataObject;
	staticData?: IDataObject;
	respond?: (call: RecordedCall) => {
		statusCode: number;
		body?: unknown;
		headers?: Record<string, string>;
	};
	request?: { headers: Record<string, string>; rawBody: Buffer };
}

export function stubContext(options: StubOptions = {}) {
	const calls: RecordedCall[] = [];
	const staticData = options.staticData ?? {};
	const response = { status: 0, body: undefined as unknown };
	const context = {
		calls,
		staticData,
		response,
		getNode: () => ({
			id: 'n1',
			name: 'Trigger',
			type: 'n8n-nodes-hookbridge.trigger',
			typeVersion: 1,
			position: [0, 0] as [number, number],
			parameters: {},
		}),
		getWorkflow: () => ({ id: 'wf1', name: 'Orders', active: true }),
		getNodeWebhookUrl: () => options.webhookUrl ?? 'https://n8n.example.com/webhook/abc/webhook',
		getWorkflowStaticData: () => staticData,
		getNodeParameter: (name: string, fallback?: unknown) =>
			options.parameters && name in options.parameters ? options.parameters[name] : fallback,
		getCredentials: async () => options.credentials ?? {},
		getRequestObject: () => options.request ?? { headers: {}, rawBody: Buffer.alloc(0) },
		getResponseObject: () => ({
			status(code: number) {
				response.status = code;
				return this;
			},
			json(body: unknown) {
				response.body = body;
				return this;
			},
		}),
		helpers: {
			async httpRequestWithAuthentication(
				credentialType: string,
				request: { method: string; url: string; headers: Record<string, string>; body?: unknown },
			) {
				const call = {
					credentialType,
					method: request.method,
					url: request.url,
					headers: request.headers,
					body: request.body,
				};
				calls.push(call);
				const answer = options.respond?.(call) ?? { statusCode: 200, body: {} };
				return { statusCode: answer.statusCode, headers: answer.headers ?? {}, body: answer.body };
			},
		},
	};
	return context;
}
