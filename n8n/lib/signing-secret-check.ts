import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { WebhookError } from '../../shared/errors/webhook-error';
import type { Profile } from '../../shared/providers/profile';
import { checkSecret } from '../../shared/receive/check-secret';

const SECRET_FIELDS = {
	signingSecret: 'Signing Secret',
	previousSigningSecret: 'Previous Signing Secret',
};

/** What is wrong with a manual-mode credential's secrets (`invalid_secret: …`), if anything. */
export function secretProblem(profile: Profile, data: IDataObject | undefined): string | undefined {
	for (const [key, label] of Object.entries(SECRET_FIELDS)) {
		const secret = data?.[key];
		if (typeof secret !== 'string' || secret === '') continue;
		try {
			checkSecret(profile, secret);
		} catch (error) {
			// checkSecret throws only InvalidSecretError; anything else is reported the same way.
			const code = error instanceof WebhookError ? error.code : 'invalid_secret';
			return `${code}: ${label}: ${error instanceof Error ? error.message : String(error)}`;
		}
	}
	return undefined;
}

/** The credential's Test button: a secret that cannot be a key is refused before it is saved. */
export function signingSecretTest(profile: Profile) {
	return async function (
		this: ICredentialTestFunctions,
		credential: ICredentialsDecrypted,
	): Promise<INodeCredentialTestResult> {
		const problem = secretProblem(profile, credential.data);
		if (problem) return { status: 'Error', message: problem };
		return { status: 'OK', message: 'The signing secret can verify deliveries' };
	};
}

/** Activation of a manual-mode trigger: refused while its credential's secret is unusable. */
export async function assertUsableSecret(
	ctx: IHookFunctions,
	profile: Profile,
	credentialType: string,
): Promise<void> {
	const credential = (await ctx.getCredentials(credentialType)) as IDataObject;
	const problem = secretProblem(profile, credential);
	if (problem) throw new NodeOperationError(ctx.getNode(), problem);
}
