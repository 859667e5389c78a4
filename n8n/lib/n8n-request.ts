import type { IHookFunctions, IHttpRequestMethods, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { RequestDescription, ResponseDescription } from '../../shared/subscriptions/types';

/**
 * Executes a shared request description with n8n's own client and the node's credential, so
 * n8n's auth, proxy settings and logging apply. Every status comes back for the shared parsers
 * to type; only a call that got no answer at all becomes a NodeApiError here.
 */
export async function n8nRequest(
	context: IHookFunctions,
	credentialType: string,
	request: RequestDescription,
	authHeaders: readonly string[],
): Promise<ResponseDescription> {
	const headers = Object.fromEntries(
		Object.entries(request.headers).filter(([name]) => !authHeaders.includes(name.toLowerCase())),
	);
	try {
		const response = (await context.helpers.httpRequestWithAuthentication.call(
			context,
			credentialType,
			{
				method: request.method as IHttpRequestMethods,
				url: request.url,
				headers,
				...(request.body === undefined ? {} : { body: request.body }),
				json: true,
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
			},
		)) as { statusCode: number; headers: Record<string, string>; body: unknown };
		return { status: response.statusCode, headers: response.headers, body: response.body };
	} catch (error) {
		throw new NodeApiError(context.getNode(), error as JsonObject, {
			message: `Could not reach ${new URL(request.url).origin}. Check the credential's base URL.`,
		});
	}
}
