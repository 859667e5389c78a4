import type { Command } from 'commander';
import { receive, WebhookError } from '@hookbridge/core';
import { FileDedupeStore } from '../file-dedupe-store';
import { addProfileOptions, resolveProfile, type ProfileFlags } from '../profile/profile-option';
import { readStdin } from '../read-stdin';
import { checkSecretFlags, collect, integerOption, UsageError } from '../usage-error';

interface VerifyFlags extends ProfileFlags {
	url?: string;
	secret: string[];
	header: string[];
	now?: string;
	tolerance?: string;
	maxBytes?: string;
	verify: boolean;
	dedupeFile?: string;
}

export function registerVerify(program: Command): void {
	const command = program
		.command('verify')
		.description(
			'Verify one delivery read from stdin; print the normalised event as one JSON line (exit 0) or "<code>: <why>" on stderr (exit 1).',
		);
	addProfileOptions(command)
		.option('--secret <secret>', 'signing secret; repeat during a rotation', collect, [])
		.option(
			'--header <"Name: value">',
			'a request header; repeat (Zapier Http-X-Foo names work)',
			collect,
			[],
		)
		.option('--url <url>', 'the URL the provider called, for schemes that sign it')
		.option('--now <unix-seconds>', 'the clock, for replaying old deliveries in tests')
		.option('--tolerance <seconds>', 'allowed clock skew for signed timestamps (default 300)')
		.option('--max-bytes <bytes>', 'largest body accepted (default 1048576)')
		.option('--dedupe-file <path>', 'remember event ids here; a repeat exits 1 with "duplicate"')
		.option(
			'--no-verify',
			'skip the signature check (explicit opt-out; the event says verified:false)',
		)
		.action(async (flags: VerifyFlags) => {
			const nowSeconds = integerOption('--now', flags.now);
			const options = {
				secrets: flags.secret,
				skipVerification: !flags.verify,
				...(nowSeconds === undefined ? {} : { now: nowSeconds * 1000 }),
				toleranceSeconds: integerOption('--tolerance', flags.tolerance),
				maxBytes: integerOption('--max-bytes', flags.maxBytes),
				dedupe: flags.dedupeFile ? new FileDedupeStore(flags.dedupeFile) : (false as const),
				// The event is printed as JSON: refuse what JSON.stringify cannot print faithfully.
				strictJson: true,
			};
			const profile = resolveProfile(flags);
			if (flags.verify) checkSecretFlags(profile, '--secret', flags.secret);
			const headers = flags.header.map(parseHeader);
			const body = await readStdin();
			try {
				const event = await receive(
					profile,
					{ headers, body, ...(flags.url === undefined ? {} : { url: flags.url }) },
					options,
				);
				process.stdout.write(`${JSON.stringify(event)}\n`);
			} catch (error) {
				if (!(error instanceof WebhookError)) throw error;
				process.stderr.write(`${error.code}: ${error.message}\n`);
				process.exitCode = 1;
			}
		});
}

function parseHeader(text: string): [string, string] {
	const colon = text.indexOf(':');
	if (colon <= 0) throw new UsageError(`--header takes "Name: value", got a value without a name.`);
	return [text.slice(0, colon).trim(), text.slice(colon + 1).trim()];
}
