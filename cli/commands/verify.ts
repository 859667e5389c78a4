import type { Command } from 'commander';
import { getProfile, receive, WebhookError } from '@hookbridge/core';
import { FileDedupeStore } from '../file-dedupe-store';
import { readStdin } from '../read-stdin';
import { checkSecretFlags, collect, integerOption, UsageError } from '../usage-error';

interface VerifyFlags {
	provider: string;
	secret: string[];
	header: string[];
	now?: string;
	tolerance?: string;
	maxBytes?: string;
	verify: boolean;
	dedupeFile?: string;
}

export function registerVerify(program: Command): void {
	program
		.command('verify')
		.description(
			'Verify one delivery read from stdin; print the normalised event as one JSON line (exit 0) or "<code>: <why>" on stderr (exit 1).',
		)
		.requiredOption(
			'--provider <id>',
			'velaflows, vellocity, flowella, inboundflow or standard-webhooks',
		)
		.option('--secret <secret>', 'signing secret; repeat during a rotation', collect, [])
		.option(
			'--header <"Name: value">',
			'a request header; repeat (Zapier Http-X-Foo names work)',
			collect,
			[],
		)
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
			let profile;
			try {
				profile = getProfile(flags.provider);
			} catch (error) {
				throw new UsageError(
					error instanceof Error ? error.message : String(error),
					'unknown_provider',
				);
			}
			if (flags.verify) checkSecretFlags(profile, '--secret', flags.secret);
			const headers = flags.header.map(parseHeader);
			const body = await readStdin();
			try {
				const event = await receive(profile, { headers, body }, options);
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
