import { loadProfile, ProfileFileError } from '../../shared';
import { FORGE } from '../helpers/profile-fixtures';

// A profile file's `persona` section (read only by the reference provider) is checked on load
// like the rest of the file: problems name their path.
function issues(persona: unknown): string[] {
	try {
		loadProfile({ ...FORGE, persona });
		return [];
	} catch (error) {
		if (!(error instanceof ProfileFileError)) throw error;
		return error.issues.map((issue) => issue.path);
	}
}

test('a valid persona section loads and is kept as written', () => {
	const persona = {
		accountId: 'org_{hex:10}-{uuid}',
		apiKeyPrefix: 'frg_',
		settings: 'integrations',
		api: { error: { fault: '{code}' }, created: { 'meta.note': 'once' }, rateLimited: true },
	};
	expect(loadProfile({ ...FORGE, persona }).persona).toEqual(persona);
});

test.each([
	['an id pattern with other placeholders', { accountId: 'org_{random}' }, 'persona.accountId'],
	['an id pattern of more than 64 hex digits', { accountId: '{hex:65}' }, 'persona.accountId'],
	['an id pattern with too few random digits', { accountId: 'acct-{hex:4}' }, 'persona.accountId'],
	['a key prefix with spaces', { apiKeyPrefix: 'my key ' }, 'persona.apiKeyPrefix'],
	['an unknown settings page', { settings: 'billing' }, 'persona.settings'],
	[
		'a path reaching a prototype',
		{ api: { created: { '__proto__.x': 1 } } },
		'persona.api.created.__proto__.x',
	],
	['an unknown member', { api: { retries: 3 } }, 'persona.api'],
	[
		'an error title for a status that is not one',
		{ api: { errorTitles: { '99': 'x' } } },
		'persona.api.errorTitles.99',
	],
])('%s is refused with its path', (_what, persona, path) => {
	expect([...new Set(issues(persona))]).toEqual([path]);
});
