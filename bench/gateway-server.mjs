// One server of the gateway bench, in a process of its own (forked by gateway.mjs), so the load
// generator and the server under test never share an event loop. Every role is started the same
// way, with stdout on the null device (the gateway's JSON log and listen's line per delivery are
// written as the CLI writes them, and cost what they cost), and answers over IPC:
//   floor               a minimal node:http server: reads the body, answers 200
//   listen <secret>     `hookbridge listen` (verify only, in-memory dedupe, not durable)
//   gateway <config>    `hookbridge gateway` as runGateway starts it; its destination starts paused
// The parent sends { resume: true } (relay what is held) and { stop: true }.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const [role, arg] = process.argv.slice(2);

const send = (message) => process.send?.(message);
// Orphaned (the bench died without stopping us): leave instead of holding ports and files.
process.on('disconnect', () => process.exit(0));

async function floor() {
	const server = createServer((req, res) => {
		const chunks = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			Buffer.concat(chunks);
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"received":true}');
		});
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${server.address().port}/in/bench`, stop: async () => {} };
}

async function listen(secret) {
	const { startListener } = require('../dist/cli/listen/listener.js');
	const { formatOutcome } = require('../dist/cli/listen/format-outcome.js');
	const { getProfile } = require('../dist/shared/providers/index.js');
	const listener = await startListener(
		{
			profile: getProfile('flowella'),
			secrets: [secret],
			// As the CLI prints each outcome (refusals go to stderr there; here they are counted by
			// the client, which fails the case).
			onOutcome: (outcome) => process.stdout.write(`${formatOutcome(outcome)}\n`),
		},
		0,
		'127.0.0.1',
	);
	return { url: `${listener.url}/in/bench`, stop: () => listener.close() };
}

/** What runGateway does (config → store → startConfigured), minus signals and exit. */
async function gateway(configFile) {
	const { loadGatewayConfig } = require('../dist/gateway/config/load-config.js');
	const { jsonLog } = require('../dist/gateway/log/json-log.js');
	const { openStore } = require('../dist/gateway/open-store.js');
	const { startConfigured } = require('../dist/gateway/start-configured.js');
	const config = loadGatewayConfig(configFile);
	const log = jsonLog();
	const store = await openStore(config.store, (error) =>
		log('store.error', { error: error.message }),
	);
	const [destination] = config.destinations;
	// Held at first: the ingest rounds then measure verify + durable enqueue + ack alone, and
	// what they leave queued is the backlog the relay drain empties on { resume }.
	await store.pause(destination.id, 'bench: held for the ingest rounds', Date.now());
	const running = await startConfigured(config, store, log, 1);
	return {
		url: `${running.url}/in/${config.sources[0].id}`,
		// The paused worker looks again within its poll interval (1 s); the drain is timed from
		// the first relay that arrives, so that wait is not counted.
		resume: () => store.resume(destination.id, Date.now()),
		stop: () => running.stop(),
	};
}

const roles = { floor, listen, gateway };
try {
	const server = await roles[role](arg);
	process.on('message', (message) => {
		if (message.resume) server.resume().then(() => send({ resumed: true }));
		if (message.stop) server.stop().finally(() => process.exit(0));
	});
	send({ ready: true, url: server.url });
} catch (error) {
	process.stderr.write(`${error?.stack ?? error}\n`);
	process.exit(1);
}
