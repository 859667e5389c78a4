import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayConfigError, type ConfigIssue } from '../../gateway/config/config-error';
import { configReference } from '../../gateway/config/config-reference';
import { loadGatewayConfig } from '../../gateway/config/load-config';
import { profiles } from '../../shared';

// Expected values are written out here, never read from the code under test: the Standard
// Webhooks spec's retry schedule after the first attempt, the built-in provider ids.
const SPEC_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000];
const KNOWN_PROVIDERS =
	'velaflows, vellocity, flowella, inboundflow, standard-webhooks, github, stripe, shopify, slack, twilio, svix';
const RELAY_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const FLOWELLA_SECRET = 'fl_whsec_5e0c8a1f2b3d4c5e6f708192a3b4c5d6e7f8091a2b3c4d5e';
/** Distinctive, so a test can assert that no message ever carries it. */
const VELA_KEY = 'vf_live_KEY-must-never-be-printed-7731';

const ENV = {
	FLOWELLA_SECRET,
	VELA_KEY,
	VELA_WS: 'ws_42',
	RELAY_SECRET,
};

const ISSUE_EXAMPLE = `
store: sqlite:./.hookbridge/gateway.sqlite   # the default when omitted; or redis://127.0.0.1:6379
listen: { host: 0.0.0.0, port: 8080 }
sources:                                      # POST /in/<id>
  - id: flowella-main
    provider: flowella
    secrets: ["\${FLOWELLA_SECRET}"]
  - id: vela                                   # API providers: the gateway keeps its own webhook registered
    provider: velaflows
    subscribe: { apiKey: "\${VELA_KEY}", workspace: "\${VELA_WS}", publicUrl: https://hooks.example.com/in/vela, events: [inbox.message.received] }
destinations:
  - id: make-orders
    url: https://hook.eu1.make.com/abc
    secret: "\${RELAY_SECRET}"                  # Standard Webhooks signature on every relay
    sources: [flowella-main, vela]
    events: [message.received, inbox.message.received]   # optional filter
`;

let dir: string;
beforeEach(() => {
	dir = mkdtempSync(join(tmpdir(), 'hookbridge-config-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
	const file = join(dir, name);
	writeFileSync(file, text);
	return file;
}

/** A valid config with one flowella source and one destination, overridable per test. */
function config(overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		sources: [{ id: 'flowella-main', provider: 'flowella', secrets: [FLOWELLA_SECRET] }],
		destinations: [
			{ id: 'zap', url: 'https://hooks.zapier.com/hooks/catch/1/a', secret: RELAY_SECRET },
		],
		...overrides,
	};
}

/** Writes JSON (YAML's subset) to a .yaml file, as most operators will name it. */
function writeConfig(data: unknown): string {
	return write('gateway.yaml', JSON.stringify(data, null, 2));
}

function errorOf(file: string, env: NodeJS.ProcessEnv = ENV): GatewayConfigError {
	try {
		loadGatewayConfig(file, env);
	} catch (error) {
		if (error instanceof GatewayConfigError) return error;
		throw error;
	}
	throw new Error('the config loaded, but a GatewayConfigError was expected');
}

function issuesOf(data: unknown, env: NodeJS.ProcessEnv = ENV): ConfigIssue[] {
	return errorOf(writeConfig(data), env).issues;
}

describe('loadGatewayConfig', () => {
	test("loads the issue's example with every default filled in", () => {
		const loaded = loadGatewayConfig(write('gateway.yaml', ISSUE_EXAMPLE), ENV);
		expect(loaded).toEqual({
			store: { kind: 'sqlite', file: join(dir, '.hookbridge', 'gateway.sqlite') },
			listen: { host: '0.0.0.0', port: 8080 },
			maxBytes: 1048576,
			toleranceSeconds: 300,
			allowLoopback: false,
			drainTimeoutMs: 10000,
			sources: [
				{
					id: 'flowella-main',
					provider: 'flowella',
					profile: profiles.flowella,
					secrets: [FLOWELLA_SECRET],
				},
				{
					id: 'vela',
					provider: 'velaflows',
					profile: profiles.velaflows,
					secrets: [],
					subscribe: {
						publicUrl: 'https://hooks.example.com/in/vela',
						events: ['inbox.message.received'],
						credentials: { apiKey: VELA_KEY, workspaceId: 'ws_42' },
					},
				},
			],
			destinations: [
				{
					id: 'make-orders',
					url: 'https://hook.eu1.make.com/abc',
					secret: RELAY_SECRET,
					sources: ['flowella-main', 'vela'],
					events: ['message.received', 'inbox.message.received'],
					retrySchedule: SPEC_SCHEDULE,
					timeoutMs: 15000,
					concurrency: 8,
				},
			],
		});
	});

	test('loads a JSON file; an omitted store, listen and destination sources take their defaults', () => {
		const file = write('gateway.json', JSON.stringify(config()));
		const loaded = loadGatewayConfig(file, {});
		expect(loaded.store).toEqual({
			kind: 'sqlite',
			file: join(dir, '.hookbridge', 'gateway.sqlite'),
		});
		expect(loaded.listen).toEqual({ host: '127.0.0.1', port: 8080 });
		expect(loaded.destinations[0]).toEqual({
			id: 'zap',
			url: 'https://hooks.zapier.com/hooks/catch/1/a',
			secret: RELAY_SECRET,
			sources: ['flowella-main'],
			retrySchedule: SPEC_SCHEDULE,
			timeoutMs: 15000,
			concurrency: 8,
		});
	});

	test('reads the store as sqlite::memory:, a redis URL, or an absolute sqlite path', () => {
		const load = (store: string) => loadGatewayConfig(writeConfig(config({ store })), {}).store;
		expect(load('sqlite::memory:')).toEqual({ kind: 'sqlite', file: ':memory:' });
		expect(load('rediss://cache.internal:6380/2')).toEqual({
			kind: 'redis',
			url: 'rediss://cache.internal:6380/2',
		});
		expect(load('sqlite:/var/lib/hookbridge/gw.sqlite')).toEqual({
			kind: 'sqlite',
			file: '/var/lib/hookbridge/gw.sqlite',
		});
	});

	test('refuses a store that is neither sqlite: nor redis://, without repeating it', () => {
		const issues = issuesOf(config({ store: 'postgres://admin:hunter2@db/hooks' }));
		expect(issues).toHaveLength(1);
		expect(issues[0]?.path).toBe('store');
		expect(issues[0]?.message).toMatch(/^must be sqlite:<path>/);
		expect(issues[0]?.message).not.toContain('hunter2');
	});

	test('reads a ${PORT} of digits as the port number, and $${ as a literal ${', () => {
		const file = writeConfig(
			config({
				listen: { port: '${PORT}' },
				sources: [{ id: 'flowella-main', provider: 'flowella', secrets: ['a$${b}c'] }],
			}),
		);
		const loaded = loadGatewayConfig(file, { PORT: '9191' });
		expect(loaded.listen.port).toBe(9191);
		expect(loaded.sources[0]?.secrets).toEqual(['a${b}c']);
	});

	test('substitutes after parsing, so a secret with ": " and " #" stays whole', () => {
		const tricky = 'fl_whsec_a: b #c';
		const file = write(
			'gateway.yaml',
			[
				'sources:',
				'  - id: f',
				'    provider: flowella',
				'    secrets:',
				'      - ${TRICKY}',
				'destinations:',
				`  - { id: d, url: "https://example.com/h", secret: ${RELAY_SECRET} }`,
			].join('\n'),
		);
		expect(loadGatewayConfig(file, { TRICKY: tricky }).sources[0]?.secrets).toEqual([tricky]);
	});

	test('a missing file is config_not_found, saying where and how to write one', () => {
		const error = errorOf(join(dir, 'nope.yaml'));
		expect(error.code).toBe('config_not_found');
		expect(error.message).toContain(`no config file at ${join(dir, 'nope.yaml')}; create one`);
		expect(error.message).toContain('destinations:');
	});

	test('a YAML syntax error gives its line and column, not the line itself', () => {
		const file = write(
			'gateway.yaml',
			[
				'sources:',
				'  - id: a',
				'    provider: flowella: fl_whsec_TOPSECRET',
				'destinations: []',
			].join('\n'),
		);
		const error = errorOf(file);
		expect(error.code).toBe('invalid_config');
		expect(error.issues[0]).toMatchObject({ path: '', line: 3 });
		expect(error.message).toMatch(new RegExp(`^${escape(file)}:3:\\d+: `));
		expect(error.message).not.toContain('TOPSECRET');
	});

	test('an empty file says what it needs', () => {
		expect(errorOf(write('gateway.yaml', '# nothing yet\n')).issues).toEqual([
			{ path: '', message: 'the file is empty; it needs at least sources and destinations' },
		]);
	});

	test('an unknown provider lists the known ones', () => {
		const sources = [
			{ id: 'a', provider: 'flowella', secrets: [FLOWELLA_SECRET] },
			{ id: 'b', provider: 'flowela', secrets: [FLOWELLA_SECRET] },
		];
		const error = errorOf(writeConfig(config({ sources })));
		expect(error.issues).toEqual([
			{
				path: 'sources[1].provider',
				message: `unknown provider "flowela"; known: ${KNOWN_PROVIDERS}`,
			},
		]);
		expect(error.message).toContain(
			`gateway.yaml: sources[1].provider: unknown provider "flowela"; known: ${KNOWN_PROVIDERS}`,
		);
	});

	test('a source with neither secrets nor subscribe is refused at its secrets', () => {
		const issues = issuesOf(config({ sources: [{ id: 'a', provider: 'flowella' }] }));
		expect(issues).toHaveLength(1);
		expect(issues[0]?.path).toBe('sources[0].secrets');
		expect(issues[0]?.message).toMatch(/^required: the signing secret/);
	});

	test.each([
		['whsec_', /is empty after "whsec_"/],
		['whsec_!!!!', /must be "whsec_" followed by base64/],
	])('a Standard Webhooks source secret %s is refused without being repeated', (secret, why) => {
		const sources = [{ id: 'sw', provider: 'standard-webhooks', secrets: [secret] }];
		const issues = issuesOf(config({ sources }));
		expect(issues).toHaveLength(1);
		expect(issues[0]?.path).toBe('sources[0].secrets[0]');
		expect(issues[0]?.message).toMatch(why);
		// "whsec_" alone is the prefix the message has to name; any longer secret must not appear.
		if (secret !== 'whsec_') expect(issues[0]?.message).not.toContain(secret);
	});

	test('a destination secret that is not whsec_<base64> is refused without being repeated', () => {
		const destinations = [{ id: 'zap', url: 'https://example.com/h', secret: 'whsec_hunter2!' }];
		const issues = issuesOf(config({ destinations }));
		expect(issues.map((issue) => issue.path)).toEqual(['destinations[0].secret']);
		expect(issues[0]?.message).not.toContain('hunter2');
	});

	describe('destination URLs', () => {
		const withUrl = (url: string, extra: Record<string, unknown> = {}) =>
			config({ destinations: [{ id: 'zap', url, secret: RELAY_SECRET }], ...extra });

		test('http to a public host is refused, even with allowLoopback, and not repeated', () => {
			const url = 'http://hooks.example.com/token-77aa';
			for (const allowLoopback of [false, true]) {
				const issues = issuesOf(withUrl(url, { allowLoopback }));
				expect(issues).toEqual([
					{
						path: 'destinations[0].url',
						message:
							'must use https; http is allowed only to a loopback host, with allowLoopback: true',
					},
				]);
			}
		});

		test.each(['http://127.0.0.1:5678/webhook', 'http://localhost:5678/w', 'http://[::1]:80/w'])(
			'http to loopback %s is refused without allowLoopback and accepted with it',
			(url) => {
				expect(issuesOf(withUrl(url))).toEqual([
					{
						path: 'destinations[0].url',
						message: 'http is allowed only with allowLoopback: true (development); use https',
					},
				]);
				const loaded = loadGatewayConfig(writeConfig(withUrl(url, { allowLoopback: true })), {});
				expect(loaded.destinations[0]?.url).toBe(url);
			},
		);

		test.each([
			['ftp://files.example.com/in', 'must be an https URL, not ftp:'],
			['hooks.zapier.com/catch', 'is not an absolute URL; write https://host/path'],
		])('%s is refused', (url, message) => {
			expect(issuesOf(withUrl(url, { allowLoopback: true }))).toEqual([
				{ path: 'destinations[0].url', message },
			]);
		});
	});

	test('a destination naming an unknown source is refused at that entry', () => {
		const destinations = [
			{
				id: 'zap',
				url: 'https://example.com/h',
				secret: RELAY_SECRET,
				sources: ['flowella-main', 'vela'],
			},
		];
		expect(issuesOf(config({ destinations }))).toEqual([
			{
				path: 'destinations[0].sources[1]',
				message: 'unknown source "vela"; sources: flowella-main',
			},
		]);
	});

	test("an event filter with a type in none of its sources' catalogs is refused", () => {
		const destinations = [
			{
				id: 'zap',
				url: 'https://example.com/h',
				secret: RELAY_SECRET,
				events: ['message.received', 'message.recieved'],
			},
		];
		const issues = issuesOf(config({ destinations }));
		expect(issues).toHaveLength(1);
		expect(issues[0]?.path).toBe('destinations[0].events[1]');
		expect(issues[0]?.message).toMatch(/^unknown event type "message.recieved"/);
		expect(issues[0]?.message).toContain('Flowella');
	});

	test('an unset variable is named with its field; no value from the environment is printed', () => {
		const data = config({
			sources: [
				{ id: 'flowella-main', provider: 'flowella', secrets: ['${FLOWELLA_SECRET}'] },
				// A misplaced key, so its source fails too: its message must not carry the key.
				{
					id: 'bad',
					provider: 'flowella',
					subscribe: { apiKey: '${VELA_KEY}', publicUrl: 'https://hooks.example.com/in/bad' },
				},
			],
			destinations: [{ id: 'zap', url: 'https://example.com/h', secret: '${MISSING_SECRET}' }],
		});
		const error = errorOf(writeConfig(data), { FLOWELLA_SECRET, VELA_KEY });
		expect(error.issues).toContainEqual({
			path: 'destinations[0].secret',
			message: 'environment variable MISSING_SECRET is not set',
		});
		expect(error.issues.map((issue) => issue.path)).toContain('sources[1].subscribe');
		for (const text of [error.message, ...error.issues.map((issue) => issue.message)]) {
			expect(text).not.toContain(VELA_KEY);
			expect(text).not.toContain(FLOWELLA_SECRET);
		}
	});

	test('a stray ${ that is not a reference is refused', () => {
		const sources = [{ id: 'a', provider: 'flowella', secrets: ['abc${1x}'] }];
		expect(issuesOf(config({ sources }))).toEqual([
			{
				path: 'sources[0].secrets[0]',
				message:
					'"${" must start a ${NAME} reference (letters, digits, _); write $${ for a literal',
			},
		]);
	});

	test('an unknown key such as destination: is refused, naming the allowed ones', () => {
		const { destinations, ...rest } = config();
		const issues = issuesOf({ ...rest, destination: destinations });
		expect(issues).toEqual(
			expect.arrayContaining([
				{
					path: 'destination',
					message:
						'unknown field; allowed here: store, listen, maxBytes, toleranceSeconds, allowLoopback, drainTimeoutMs, sources, destinations',
				},
				{ path: 'destinations', message: 'required' },
			]),
		);
		expect(issues).toHaveLength(2);
	});

	test('an unknown key inside a destination is refused at its own path', () => {
		const destinations = [
			{ id: 'zap', url: 'https://example.com/h', secret: RELAY_SECRET, retries: 3 },
		];
		expect(issuesOf(config({ destinations })).map((issue) => issue.path)).toEqual([
			'destinations[0].retries',
		]);
	});

	test('duplicate source and destination ids are refused at the second one', () => {
		const source = { id: 'same', provider: 'flowella', secrets: [FLOWELLA_SECRET] };
		const destination = { id: 'twice', url: 'https://example.com/h', secret: RELAY_SECRET };
		expect(
			issuesOf(config({ sources: [source, source], destinations: [destination, destination] })),
		).toEqual([
			{ path: 'sources[1].id', message: 'duplicate id "same" (also sources[0])' },
			{ path: 'destinations[1].id', message: 'duplicate id "twice" (also destinations[0])' },
		]);
	});

	test('an id that would not fit in /in/<id> is refused', () => {
		const sources = [{ id: 'Flowella Main', provider: 'flowella', secrets: [FLOWELLA_SECRET] }];
		expect(issuesOf(config({ sources })).map((issue) => issue.path)).toEqual(['sources[0].id']);
	});

	test('subscribe on a manual-mode provider is refused', () => {
		const subscribe = { apiKey: 'k', publicUrl: 'https://hooks.example.com/in/f' };
		const issues = issuesOf(config({ sources: [{ id: 'f', provider: 'flowella', subscribe }] }));
		expect(issues).toHaveLength(1);
		expect(issues[0]?.path).toBe('sources[0].subscribe');
		expect(issues[0]?.message).toMatch(/^Flowella has no management API/);
	});

	test("subscribe with no events means the catalog's types, without test-only ones", () => {
		const subscribe = { apiKey: 'k', publicUrl: 'https://hooks.example.com/in/v' };
		const file = writeConfig(config({ sources: [{ id: 'v', provider: 'vellocity', subscribe }] }));
		expect(loadGatewayConfig(file, {}).sources[0]?.subscribe).toEqual({
			publicUrl: 'https://hooks.example.com/in/v',
			events: [
				'listing.created',
				'listing.updated',
				'listing.published',
				'listing.failed',
				'cosell.created',
				'cosell.updated',
				'cosell.completed',
				'content.generated',
			],
			credentials: { apiKey: 'k' },
		});
	});

	test("subscribe is checked against the profile's API credentials", () => {
		const subscribe = { apiKey: 'k', publicUrl: 'https://hooks.example.com/in/v', region: 'eu' };
		const issues = issuesOf(config({ sources: [{ id: 'v', provider: 'velaflows', subscribe }] }));
		expect(issues).toEqual([
			{
				path: 'sources[0].subscribe.region',
				message:
					'unknown field; allowed here: apiKey, publicUrl, events, baseUrl, workspace, workspaceId',
			},
			{
				path: 'sources[0].subscribe.workspaceId',
				message: 'required: the Workspace ID the API asks for',
			},
		]);
	});

	test('a subscribe publicUrl on loopback http needs allowLoopback', () => {
		const subscribe = { apiKey: 'k', workspace: 'w', publicUrl: 'http://127.0.0.1:8080/in/v' };
		const data = config({ sources: [{ id: 'v', provider: 'velaflows', subscribe }] });
		expect(issuesOf(data).map((issue) => issue.path)).toEqual(['sources[0].subscribe.publicUrl']);
		expect(loadGatewayConfig(writeConfig({ ...data, allowLoopback: true }), {}).allowLoopback).toBe(
			true,
		);
	});

	test('numbers out of range name the field and the range', () => {
		const destinations = [
			{
				id: 'zap',
				url: 'https://example.com/h',
				secret: RELAY_SECRET,
				concurrency: 0,
				retrySchedule: [5, -1],
			},
		];
		expect(issuesOf(config({ listen: { port: 70000 }, destinations }))).toEqual([
			{ path: 'listen.port', message: 'must be a whole number from 0 to 65535' },
			{
				path: 'destinations[0].retrySchedule[1]',
				message: 'must be a whole number from 0 to 604800',
			},
			{ path: 'destinations[0].concurrency', message: 'must be a whole number from 1 to 256' },
		]);
	});

	test('every issue is one "<file>: <path>: <message>" line', () => {
		const file = writeConfig(config({ listen: { port: 'eighty' }, maxBytes: 0 }));
		expect(errorOf(file).message.split('\n')).toEqual([
			`${file}: listen.port: must be a whole number from 0 to 65535`,
			`${file}: maxBytes: must be a whole number, at least 1`,
		]);
	});
});

describe('configReference', () => {
	const table = configReference();

	test.each([
		'store',
		'listen',
		'maxBytes',
		'toleranceSeconds',
		'allowLoopback',
		'drainTimeoutMs',
		'sources',
		'destinations',
	])('has a row for %s', (field) => {
		expect(table).toMatch(new RegExp(`^\\| \`${field}\` \\|`, 'm'));
	});

	test('gives destinations[].retrySchedule with its default', () => {
		const row = table
			.split('\n')
			.find((line) => line.startsWith('| `destinations[].retrySchedule` |'));
		expect(row).toContain('`[5,300,1800,7200,18000,36000,36000]`');
	});

	test('is a Markdown table whose rows all have four cells', () => {
		const rows = table.trim().split('\n');
		expect(rows[0]).toBe('| Field | Type | Default | Description |');
		for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(6);
	});
});

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
