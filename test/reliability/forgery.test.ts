import { MemoryDedupeStore, profiles } from '../../shared';
import { WEBHOOK_ERROR_STATUS, type WebhookErrorCode } from '../../shared/errors/webhook-error';
import { NOW_SECONDS, signsUrl } from '../helpers/signed-delivery';
import { ForgeryGenerator, type Forgery, type Valid } from './helpers/forgeries';
import { n8nPath, receivePath, startListenPath, zapierPath, type Outcome } from './helpers/paths';
import { recordSummary } from './helpers/summary';

// Forgery: for every provider, 10,000 deliveries with exactly one thing wrong go through each
// way in: receive(), `hookbridge listen` over real HTTP, the Zapier perform and the n8n
// webhook(). None may be accepted, each refusal must carry the code (and HTTP status) that
// names what was wrong, nothing may crash and no promise may be left rejected. A control group
// of valid deliveries (one in 50) goes through the same code and must be accepted, so the
// harness can tell acceptance from refusal. Zapier's and n8n's clouds cannot run here: the
// adapters are called as their hosts call them (Zapier's AppError, n8n's webhook context).

const PER_PROVIDER = 10_000;
const CONTROL_EVERY = 50;
// URL-signing profiles (Twilio) are covered by their own SDK-signed suite.
const PROVIDERS = Object.values(profiles)
	.filter((profile) => !signsUrl(profile))
	.map((profile) => profile.id);
const nowSeconds = () => Math.floor(Date.now() / 1000);

class Tally {
	tried = 0;
	accepted = 0;
	controls = 0;
	controlsAccepted = 0;
	readonly byCode: Record<string, number> = {};
	readonly wrong: string[] = [];

	forgery(forgery: Forgery, outcome: Outcome, http = false): void {
		this.tried++;
		// A forgery answered as a duplicate would also have been let in as authentic.
		if (outcome.accepted || outcome.duplicate) {
			this.accepted++;
			this.wrong.push(`ACCEPTED ${forgery.kind}`);
			return;
		}
		const key = outcome.code ?? `http ${outcome.status}`;
		this.byCode[key] = (this.byCode[key] ?? 0) + 1;
		if (http && forgery.oversizeHeaders) {
			// Node refuses headers over 16 KiB itself, before hookbridge sees the request.
			if (outcome.status !== 431) this.wrong.push(`${forgery.kind}: ${key}, not 431`);
			return;
		}
		const code = outcome.code as WebhookErrorCode | undefined;
		if (!code || !forgery.expected.includes(code)) {
			this.wrong.push(`${forgery.kind}: ${key}, expected ${forgery.expected.join('|')}`);
		} else if (outcome.status !== undefined && outcome.status !== WEBHOOK_ERROR_STATUS[code]) {
			this.wrong.push(`${forgery.kind}: ${code} answered ${outcome.status}`);
		}
	}

	control(outcome: Outcome): void {
		this.controls++;
		// Controls repeat catalog samples: a duplicate answer is an authentic delivery too.
		if (outcome.accepted || outcome.duplicate) this.controlsAccepted++;
		else this.wrong.push(`valid delivery refused: ${outcome.code ?? outcome.status}`);
	}
}

const tallies: { path: string; provider: string; tally: Tally }[] = [];
let unhandled = 0;
const onUnhandled = () => unhandled++;
beforeAll(() => process.on('unhandledRejection', onUnhandled));
afterAll(() => {
	process.off('unhandledRejection', onUnhandled);
	for (const path of ['receive()', 'hookbridge listen (HTTP)', 'Zapier perform', 'n8n webhook()']) {
		const rows = tallies.filter((t) => t.path === path);
		recordSummary({
			suite: `forgery: ${path}`,
			tried: rows.reduce((sum, r) => sum + r.tally.tried, 0),
			acceptedForgeries: rows.reduce((sum, r) => sum + r.tally.accepted, 0),
			note: `${rows.length} providers; ${rows.reduce((s, r) => s + r.tally.controlsAccepted, 0)}/${rows.reduce((s, r) => s + r.tally.controls, 0)} valid controls accepted; ${rows.reduce((s, r) => s + r.tally.wrong.length, 0)} wrong codes`,
		});
	}
});

/** Runs one provider's forgeries and controls through `send`, `concurrency` at a time. */
async function run(
	path: string,
	provider: string,
	generator: ForgeryGenerator,
	send: (delivery: Valid | Forgery) => Promise<Outcome>,
	concurrency = 1,
	http = false,
): Promise<Tally> {
	const tally = new Tally();
	let n = 0;
	const worker = async () => {
		while (n < PER_PROVIDER) {
			const i = n++;
			if (i % CONTROL_EVERY === 0) tally.control(await send(generator.valid()));
			const forgery = generator.next();
			tally.forgery(forgery, await send(forgery), http);
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	tallies.push({ path, provider, tally });
	console.log(
		`${path} ${provider}: ${tally.tried} forgeries, ${tally.accepted} accepted; controls ${tally.controlsAccepted}/${tally.controls}; codes ${JSON.stringify(tally.byCode)}${tally.wrong.length ? `; WRONG ${tally.wrong.slice(0, 5).join(' / ')}` : ''}`,
	);
	return tally;
}

function expectClean(tally: Tally): void {
	expect(tally.tried).toBe(PER_PROVIDER);
	expect(tally.accepted).toBe(0);
	expect(tally.wrong).toEqual([]);
	expect(tally.controlsAccepted).toBe(tally.controls);
}

describe.each(PROVIDERS)('forgeries for %s', (provider) => {
	test('receive(): none accepted, every code right', async () => {
		const generator = new ForgeryGenerator(provider, 1, () => NOW_SECONDS);
		const send = receivePath(provider, {
			secrets: generator.secret,
			now: NOW_SECONDS * 1000,
			dedupe: new MemoryDedupeStore(),
		});
		expectClean(await run('receive()', provider, generator, send));
	});

	test('hookbridge listen over HTTP: none accepted, every status and code right', async () => {
		const generator = new ForgeryGenerator(provider, 2, nowSeconds);
		const path = await startListenPath(provider, [generator.secret], ['--json']);
		try {
			expectClean(await run('hookbridge listen (HTTP)', provider, generator, path.send, 16, true));
			expect(path.listen.child.exitCode).toBeNull();
			expect(path.listen.stderr).not.toMatch(/Unhandled|TypeError|RangeError|at \S+ \(/);
		} finally {
			expect(await path.stop()).toBe(0);
		}
	});

	test('Zapier perform: none accepted, every code right', async () => {
		const generator = new ForgeryGenerator(provider, 3, nowSeconds, true);
		const send = zapierPath(provider, generator.secret);
		expectClean(await run('Zapier perform', provider, generator, send));
	});

	test('n8n webhook(): none accepted, every status and code right', async () => {
		const generator = new ForgeryGenerator(provider, 4, nowSeconds);
		const send = n8nPath(provider, generator.secret);
		expectClean(await run('n8n webhook()', provider, generator, send));
	});
});

test('no promise was left rejected', () => {
	expect(unhandled).toBe(0);
});
