import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { WebhookError } from '../../shared/errors/webhook-error';
import type { Profile } from '../../shared/providers/profile';
import { dedupeKey, verifyDelivery } from '../../shared/receive/receive';
import { signsUrl, withQuery } from '../../shared/receive/signs-url';
import type { NormalizedEvent } from '../../shared/receive/types';
import { staticDataDedupe } from './static-data-dedupe';
import { hookRecords } from './webhook-lifecycle';

interface Options {
	ignoreDuplicates?: boolean;
	dataOnly?: boolean;
	includeHeaders?: boolean;
}

/**
 * webhook(): verify the exact raw body with the subscription's secret (API providers) or the
 * credential's (manual mode). Anything refused gets its status (401, 400, 413) and runs
 * nothing; there is no path that accepts a delivery without a secret unless the credential
 * explicitly allows unsigned ones. n8n's own shared verifier fails open; this never does.
 */
export function receiveWebhook(profile: Profile, credentialType: string) {
	// URL-signing schemes sign the URL the provider called: n8n's webhook URL (WEBHOOK_URL
	// behind a proxy) with the request's query.
	const urlSigned = signsUrl(profile);
	return async function webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject();
		const respond = (status: number, body: IDataObject): IWebhookResponseData => {
			this.getResponseObject().status(status).json(body);
			return { noWebhookResponse: true };
		};
		const raw = request.rawBody ?? (await readRaw(request));
		const options = this.getNodeParameter('options', {}) as Options;
		const { secrets, unsigned } = await secretsFor(this, profile, credentialType);
		let event: NormalizedEvent;
		try {
			event = verifyDelivery(
				profile,
				// Every value of a repeated header (Node's headersDistinct), so a signature header sent
				// twice is refused as ambiguous rather than read as one comma-joined value.
				{
					headers: request.headersDistinct ?? request.headers,
					body: raw,
					...(urlSigned
						? { url: withQuery(this.getNodeWebhookUrl('default') ?? '', request.url) }
						: {}),
				},
				// n8n serialises execution data: refuse what would not survive that (stack, 2^53).
				{ secrets, skipVerification: unsigned, strictJson: true },
			);
		} catch (error) {
			if (error instanceof WebhookError) return respond(error.status, { error: error.toJSON() });
			throw new NodeOperationError(this.getNode(), error as Error);
		}
		const wanted = this.getNodeParameter('events', []) as string[];
		// The dashboard's "Send test" always comes through, so users see their setup work.
		if (!profile.api && !event.test && wanted.length > 0 && !wanted.includes(event.type)) {
			return respond(200, { received: true, ignored: 'event type not selected' });
		}
		if (options.ignoreDuplicates !== false) {
			const store = staticDataDedupe(this.getWorkflowStaticData('node'));
			if (await store.remember(dedupeKey(event), profile.delivery.retryWindowSeconds, Date.now())) {
				return respond(200, { received: true, duplicate: true });
			}
		}
		const json: IDataObject = options.dataOnly
			? ((event.data ?? {}) as IDataObject)
			: (event as unknown as IDataObject);
		if (options.includeHeaders) json.headers = request.headers as IDataObject;
		return { workflowData: [[{ json }]] };
	};
}

async function secretsFor(
	ctx: IWebhookFunctions,
	profile: Profile,
	credentialType: string,
): Promise<{ secrets: string[]; unsigned: boolean }> {
	if (profile.api) {
		const records = hookRecords(ctx);
		const own = records[ctx.getNodeWebhookUrl('default') ?? ''];
		// The hook registered for this URL; if n8n reports the other (test/production) URL here,
		// any hook this node registered. Never none: no record means no secret means refused.
		const secrets = (own ? [own] : Object.values(records))
			.map((r) => r.webhookSecret)
			.filter(Boolean);
		return { secrets, unsigned: false };
	}
	const credential = (await ctx.getCredentials(credentialType)) as IDataObject;
	const secrets = [credential.signingSecret, credential.previousSigningSecret].filter(
		(s): s is string => typeof s === 'string' && s !== '',
	);
	return { secrets, unsigned: secrets.length === 0 && credential.allowUnsigned === true };
}

/** n8n fills rawBody for JSON bodies; for other content types read it (the hook's own helper). */
async function readRaw(
	request: ReturnType<IWebhookFunctions['getRequestObject']>,
): Promise<Buffer> {
	const reader = (request as unknown as { readRawBody?: () => Promise<void> }).readRawBody;
	if (reader) await reader.call(request);
	return (request.rawBody as Buffer | undefined) ?? Buffer.alloc(0);
}
