import { accountIdLike } from '../../provider/store/account-id-like';

// Account ids the reference provider makes for profiles it knows only as data: shaped like
// the samples, so the providers' own schemas (Twilio's AccountSid pattern) accept them.
test.each([
	['AC82a4539a1c0b26da98d6330a5851dcc5', /^AC[0-9a-f]{32}$/],
	['T061EG9R6', /^T[0-9A-Z]{8}$/],
	['ws_64f1c2a9b7', /^ws_[0-9a-f]{10}$/],
	['5032c03c-d6ee-4540-b44c-112d734b0b0a', /^[0-9a-f-]{36}$/],
])('%s → a fresh id of the same shape', (sample, shape) => {
	const made = accountIdLike(sample);
	expect(made).toMatch(shape);
	expect(made).not.toBe(sample);
	expect(accountIdLike(sample)).not.toBe(made);
});

test('a word is no id to copy', () => {
	expect(accountIdLike('octocat')).toBeNull();
	expect(accountIdLike('acc_main')).toBeNull();
});
