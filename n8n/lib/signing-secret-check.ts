import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Profile } from '../../shared/providers/profile';
import { secretProblem as sharedSecretProblem } from '../../shared/receive/secret-problem';

const SECRET_FIELDS = {
	signingSecret: 'Signing Secret',
	previousSigningSecret: 'Previous Signing Secret',
};

/** What is wrong with a manual-mode credential's secrets (`invalid_secret: …`), if anything. */
export function secretProblem(profile: Profile, data: IDataObject | undefined): string | undefined {
	return sharedSecretProblem(
		profile,
		Object.entries(SECRET_FIELDS).map(([key, label]) => [label, data?.[key]] as const),
	);
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
