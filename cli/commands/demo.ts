import { randomBytes } from 'node:crypto';
import { relayProfile } from '@hookbridge/core';
import type { Command } from 'commander';
import { runDemo } from '../demo/run-demo';
import { formatTable } from '../format-table';
import { checkSecretFlags } from '../usage-error';

export function registerDemo(program: Command): void {
	program
		.command('demo')
		.description(
			'Run everything locally: a reference provider, a receiver per provider, every catalogued event delivered and verified, a failure story, and a destination outage through listen --forward and through the gateway.',
		)
		.option(
			'--data <file>',
			"keep the reference provider's SQLite database in this file, to inspect afterwards",
		)
		.option(
			'--relay-secret <secret>',
			`the ${relayProfile.name} secret the relays sign with and the destination checks (default: a new random one each run)`,
		)
		.action(async (flags: { data?: string; relaySecret?: string }) => {
			const started = Date.now();
			const relaySecret = flags.relaySecret ?? `whsec_${randomBytes(32).toString('base64')}`;
			checkSecretFlags(relayProfile, '--relay-secret', [relaySecret]);
			const { rows, ok } = await runDemo((line) => process.stdout.write(`${line}\n`), {
				relaySecret,
				...(flags.data ? { dataFile: flags.data } : {}),
			});
			process.stdout.write(
				`${formatTable(
					rows.map((r) => ({
						provider: r.provider,
						'events sent': r.sent,
						received: r.received,
						verified: r.verified,
						'duplicates dropped': r.duplicatesDropped,
						retried: r.retried,
						'event types': `${r.typesExercised}/${r.catalog}`,
					})),
				)}\n`,
			);
			const types = rows.reduce((n, r) => n + r.typesExercised, 0);
			const catalog = rows.reduce((n, r) => n + r.catalog, 0);
			process.stdout.write(
				ok
					? `\n${types} event types exercised of ${catalog} in the catalogs; everything sent was received and verified (${((Date.now() - started) / 1000).toFixed(1)} s).\n`
					: '\nSomething sent was not received and verified, or the gateway chapter went wrong: see above.\n',
			);
			if (!ok) process.exitCode = 1;
		});
}
