import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parseJsonText } from '@hookbridge/core';
import { httpRequest, type HttpResponse } from '../http/http-request';
import { addProfileOptions, resolveProfile, type ProfileFlags } from '../profile/profile-option';
import { UsageError } from '../usage-error';

interface TriggerFlags extends ProfileFlags {
	type: string;
	account?: string;
	dataFile?: string;
	providerUrl: string;
}

/** Like a provider CLI's trigger command: emit an event through a running reference provider. */
export function registerTrigger(program: Command): void {
	const command = program
		.command('trigger')
		.description(
			"Emit an event through a running reference provider (hookbridge provider), like a provider CLI's trigger.",
		);
	// --profile: a file the running provider was started with (hookbridge provider --profile).
	addProfileOptions(command)
		.requiredOption('--type <event>', "an event type from the provider's catalog")
		.option('--account <id>', 'the account to emit for (default: the only account there is)')
		.option('--data-file <path>', "JSON file with the event's data (default: the catalog sample)")
		.option('--provider-url <url>', 'the reference provider', 'http://127.0.0.1:4010')
		.action(async (flags: TriggerFlags) => {
			const profile = resolveProfile(flags);
			const admin = `${flags.providerUrl.replace(/\/+$/, '')}/_admin/${profile.id}`;
			const account = flags.account ?? (await onlyAccount(admin, profile.name));
			const data = flags.dataFile ? readJson(flags.dataFile) : undefined;
			const response = await post(`${admin}/events`, {
				account,
				type: flags.type,
				...(data === undefined ? {} : { data }),
			});
			const body = (parseJsonText(response.body.toString('utf8')) ?? {}) as {
				eventId?: string;
				deliveries?: string[];
				error?: { message?: string };
			};
			if (response.status !== 202) {
				process.stderr.write(
					`trigger_failed: ${body.error?.message ?? `the provider answered ${response.status}`}\n`,
				);
				process.exitCode = 1;
				return;
			}
			const n = body.deliveries?.length ?? 0;
			process.stdout.write(
				`${profile.name} ${flags.type} ${body.eventId} → ${n} webhook${n === 1 ? '' : 's'}${n === 0 ? ' (no active webhook of this account is subscribed to it)' : ''}\n`,
			);
		});
}

async function onlyAccount(admin: string, name: string): Promise<string> {
	const response = await get(`${admin}/accounts`);
	const { accounts = [] } = (parseJsonText(response.body.toString('utf8')) ?? {}) as {
		accounts?: Array<{ id: string }>;
	};
	if (accounts.length === 1 && accounts[0]) return accounts[0].id;
	throw new UsageError(
		accounts.length === 0
			? `The reference provider has no ${name} account yet.`
			: `Several ${name} accounts exist; pick one with --account (${accounts.map((a) => a.id).join(', ')}).`,
	);
}

function readJson(path: string): unknown {
	try {
		return JSON.parse(readFileSync(path, 'utf8'));
	} catch {
		throw new UsageError(`--data-file ${path} is not a readable JSON file.`);
	}
}

async function get(url: string): Promise<HttpResponse> {
	return reach(() => httpRequest({ method: 'GET', url }), url);
}

async function post(url: string, body: unknown): Promise<HttpResponse> {
	return reach(
		() =>
			httpRequest({
				method: 'POST',
				url,
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			}),
		url,
	);
}

async function reach(call: () => Promise<HttpResponse>, url: string): Promise<HttpResponse> {
	try {
		return await call();
	} catch {
		throw new UsageError(
			`No reference provider answers at ${new URL(url).origin}; start one with: hookbridge provider`,
			'provider_unreachable',
		);
	}
}
