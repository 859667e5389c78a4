import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call } from './helpers/provider-fixture';
import { TestReceiver } from './helpers/test-receiver';

// The real `hookbridge provider` process, SIGKILLed in the middle of a burst of events while
// the receiver flaps, restarted on the same SQLite file: every acknowledged event arrives.
const BIN = join(__dirname, '..', '..', 'bin', 'hookbridge.js');
const BURST = 600;

async function spawnProvider(dataFile: string): Promise<{ child: ChildProcess; url: string }> {
	const child = spawn(
		process.execPath,
		[
			BIN,
			'provider',
			'--port',
			'0',
			'--data',
			dataFile,
			'--allow-loopback',
			'--time-scale',
			'1000',
		],
		{
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	const url = await new Promise<string>((resolve, reject) => {
		let out = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			out += chunk.toString();
			const match = /listening on (http:\/\/\S+)/.exec(out);
			if (match?.[1]) resolve(match[1]);
		});
		child.once('exit', (code) => reject(new Error(`provider exited early (${code}): ${out}`)));
	});
	expect((await call('GET', `${url}/_admin/health`)).status).toBe(200);
	return { child, url };
}

test(`SIGKILL mid-burst (${BURST} events): after a restart every acknowledged event is delivered`, async () => {
	const dataFile = join(mkdtempSync(join(tmpdir(), 'hookbridge-crash-')), 'provider.sqlite');
	const receiver = await new TestReceiver({
		provider: 'velaflows',
		secrets: { '/hook': 'whsec_crash' },
	}).start();
	// Flapping: the first attempt of 3 events in 10 gets a 500, so their retries are pending
	// when the process dies; a retry always succeeds, so the policy's retries are never used up.
	const refusedOnce = new Set<string>();
	receiver.respond = (d) => {
		const id = d.event?.id ?? '';
		if (refusedOnce.has(id) || id.charCodeAt(id.length - 1) % 10 >= 3) return 200;
		refusedOnce.add(id);
		return 500;
	};
	let provider = await spawnProvider(dataFile);
	const account = (await call('POST', `${provider.url}/_admin/accounts`, { provider: 'velaflows' }))
		.body;
	const subscribed = await call(
		'POST',
		`${provider.url}/velaflows/api/v1/integrations/webhooks`,
		{ url: `${receiver.url}/hook`, events: ['inbox.message.received'], secret: 'whsec_crash' },
		{ authorization: `Bearer ${account.apiKey}`, 'x-workspace-id': account.id },
	);
	expect(subscribed.status).toBe(201);

	const acknowledged = new Set<string>();
	let refusedDuringCrash = 0;
	let killedAt: { acknowledged: number; deliveredOk: number } | undefined;
	const deliveredOk = () =>
		new Set(receiver.received.filter((d) => d.status === 200).map((d) => d.event?.id));
	const emitOne = async (i: number) => {
		try {
			const r = await call('POST', `${provider.url}/_admin/velaflows/events`, {
				account: account.id,
				type: 'inbox.message.received',
				data: {
					messageId: `m${i}`,
					conversationId: 'c',
					channel: 'whatsapp',
					from: '+1555',
					text: 'x'.repeat(i % 17),
					receivedAt: new Date().toISOString(),
				},
			});
			if (r.status === 202) acknowledged.add(r.body.eventId);
		} catch {
			refusedDuringCrash += 1; // the process died under this request: never acknowledged
		}
		if (!killedAt && acknowledged.size >= BURST / 2) {
			killedAt = { acknowledged: acknowledged.size, deliveredOk: deliveredOk().size };
			provider.child.kill('SIGKILL');
		}
	};
	for (let i = 0; i < BURST / 2 + 40; i += 20) {
		await Promise.all(Array.from({ length: 20 }, (_, k) => emitOne(i + k)));
		if (killedAt) break;
	}
	await new Promise((resolve) => provider.child.once('exit', resolve));
	provider = await spawnProvider(dataFile);
	for (let i = acknowledged.size; acknowledged.size < BURST; i += 20) {
		await Promise.all(Array.from({ length: 20 }, (_, k) => emitOne(10_000 + i + k)));
	}
	try {
		await receiver.waitFor(() => [...acknowledged].every((id) => deliveredOk().has(id)), 90_000);
	} catch (error) {
		const missing = [...acknowledged].filter((id) => !deliveredOk().has(id));
		const stats = await call('GET', `${provider.url}/_admin/velaflows/stats`);
		console.log(
			`crash diagnostics: ${missing.length} missing of ${acknowledged.size}; states ${JSON.stringify(stats.body)}; received ${receiver.received.length}; refusals ${JSON.stringify(
				receiver.received
					.filter((d) => d.refusal)
					.slice(0, 3)
					.map((d) => d.refusal),
			)}`,
		);
		throw error;
	}
	provider.child.kill('SIGTERM');
	await receiver.stop();

	const attempts = receiver.received.length;
	const okDeliveries = receiver.received.filter((d) => d.status === 200).length;
	console.log(
		`crash: acknowledged ${acknowledged.size}, killed after ${killedAt?.acknowledged} acknowledged / ${killedAt?.deliveredOk} delivered, ` +
			`${refusedDuringCrash} emits cut off by the kill, ${attempts} attempts, ${okDeliveries} successful deliveries, ` +
			`${okDeliveries - deliveredOk().size} duplicate successes, ${deliveredOk().size} unique events delivered`,
	);
	expect(acknowledged.size).toBeGreaterThanOrEqual(BURST);
	expect(killedAt && killedAt.deliveredOk < killedAt.acknowledged).toBe(true);
	for (const id of acknowledged) expect(deliveredOk().has(id)).toBe(true);
	expect(receiver.received.every((d) => d.independentlyVerified && d.event?.verified)).toBe(true);
}, 180_000);
