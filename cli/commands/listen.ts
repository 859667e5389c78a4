import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { relayProfile, subscribableTypes } from '@hookbridge/core';
import { SubscriptionClient } from '../http/subscription-client';
import { addApiOptions, credentialsFor, hasApiKey, type ApiFlags } from '../api-credentials';
import { formatOutcome } from '../listen/format-outcome';
import { addProfileOptions, resolveProfile, type ProfileFlags } from '../profile/profile-option';
import { startListener, type ListenOutcome } from '../listen/listener';
import { checkSecretFlags, collect, integerOption, UsageError } from '../usage-error';

interface ListenFlags extends ApiFlags, ProfileFlags {
	port: string;
	host: string;
	secret: string[];
	forward?: string;
	forwardSecret?: string;
	json?: boolean;
	events?: string;
	publicUrl?: string;
	maxBytes?: string;
	tolerance?: string;
}

export function registerListen(program: Command): void {
	const command = program
		.command('listen')
		.description(
			`Receive a provider's webhooks locally: verify each, print it, and optionally relay it re-signed (${relayProfile.name}) to Zapier, Make or n8n.`,
		)
		.option('--port <port>', 'port to listen on (0 = any free port)', '3000')
		.option('--host <host>', 'address to listen on', '127.0.0.1')
		.option('--secret <secret>', 'signing secret; repeat during a rotation', collect, [])
		.option(
			'--forward <url>',
			'relay each verified event to this URL (a Zapier/Make catch hook, an n8n webhook)',
		)
		.option(
			'--forward-secret <whsec>',
			`${relayProfile.name} secret for relayed events (default: a new one, printed)`,
		)
		.option('--json', 'print each event as one JSON line')
		.option(
			'--events <list>',
			'with --api-key: comma-separated event types to subscribe to (default: the whole catalog)',
		)
		.option(
			'--public-url <url>',
			"the URL the provider calls (default: this listener's own URL): subscribed with --api-key, and signed by URL-signing schemes",
		)
		.option('--max-bytes <bytes>', 'largest body accepted (default 1048576)')
		.option('--tolerance <seconds>', 'allowed clock skew for signed timestamps (default 300)');
	addApiOptions(addProfileOptions(command)).action(async (flags: ListenFlags) => {
		const profile = resolveProfile(flags);
		const subscribe = hasApiKey(flags);
		if (flags.secret.length === 0 && !subscribe) {
			throw new UsageError(
				'Give the signing secret with --secret, or --api-key to let listen subscribe itself.',
			);
		}
		checkSecretFlags(profile, '--secret', flags.secret);
		if (flags.forwardSecret !== undefined) {
			checkSecretFlags(relayProfile, '--forward-secret', [flags.forwardSecret]);
		}
		const client = subscribe
			? new SubscriptionClient(profile, credentialsFor(profile, flags))
			: undefined;
		const secrets = [...flags.secret];
		const forwardSecret = flags.forwardSecret ?? `whsec_${randomBytes(32).toString('base64')}`;
		const print = (outcome: ListenOutcome) => {
			if (outcome.kind === 'refused') {
				process.stderr.write(
					`${flags.json ? JSON.stringify({ refused: outcome }) : formatOutcome(outcome)}\n`,
				);
			} else if (flags.json) {
				process.stdout.write(
					`${JSON.stringify({ ...outcome.event, ...(outcome.kind === 'duplicate' ? { duplicate: true } : {}) })}\n`,
				);
			} else {
				process.stdout.write(`${formatOutcome(outcome)}\n`);
			}
		};
		const listener = await startListener(
			{
				profile,
				secrets,
				onOutcome: print,
				...(flags.publicUrl ? { publicOrigin: publicOrigin(flags.publicUrl) } : {}),
				...(flags.maxBytes ? { maxBytes: integerOption('--max-bytes', flags.maxBytes) } : {}),
				...(flags.tolerance
					? { toleranceSeconds: integerOption('--tolerance', flags.tolerance) }
					: {}),
				...(flags.forward
					? {
							forward: {
								url: flags.forward,
								secret: forwardSecret,
								attempts: 3,
								backoffMs: 500,
								timeoutMs: 5000,
							},
						}
					: {}),
			},
			integerOption('--port', flags.port) ?? 3000,
			flags.host,
		);
		const say = (line: string) => process.stderr.write(`${line}\n`);
		say(
			`hookbridge listen: ${profile.name} deliveries on ${listener.url}/ (verified with ${secrets.length || "the subscription's"} secret${secrets.length === 1 ? '' : 's'})`,
		);
		if (flags.forward)
			say(
				`forwarding verified events to ${flags.forward}, signed with ${relayProfile.name} secret ${forwardSecret}`,
			);
		let subscriptionId: string | undefined;
		if (client) {
			const events = flags.events
				? flags.events
						.split(',')
						.map((e) => e.trim())
						.filter(Boolean)
				: subscribableTypes(profile);
			try {
				const created = await client.subscribe({
					url: flags.publicUrl ?? `${listener.url}/`,
					events,
				});
				subscriptionId = created.id;
				secrets.push(created.secret);
				say(
					`subscribed: ${profile.name} webhook ${created.id} for ${events.length} event type(s); it will be deleted when listen stops`,
				);
			} catch (error) {
				await listener.close();
				throw new UsageError(
					`could not subscribe: ${(error as Error).message}`,
					'subscribe_failed',
				);
			}
		}
		say('ready: waiting for deliveries (Ctrl-C to stop)');
		await new Promise<void>((resolve) => {
			const stop = () => {
				const done = async () => {
					if (client && subscriptionId) {
						try {
							await client.unsubscribe(subscriptionId);
							say(`unsubscribed: ${profile.name} webhook ${subscriptionId} deleted`);
						} catch (error) {
							say(
								`could not delete webhook ${subscriptionId}: ${(error as Error).message}. Remove it with: hookbridge subscriptions delete`,
							);
						}
					}
					await listener.close();
					resolve();
				};
				void done();
			};
			process.once('SIGINT', stop);
			process.once('SIGTERM', stop);
		});
	});
}

function publicOrigin(url: string): string {
	try {
		return new URL(url).origin;
	} catch {
		throw new UsageError(`--public-url takes a URL, got "${url}".`);
	}
}
