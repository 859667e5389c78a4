import { existsSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { getProfile, profileJsonSchema, providerIds } from '@hookbridge/core';
import { checkSamples } from '../profile/check-samples';
import { profileYaml } from '../profile/profile-yaml';
import { readProfileFile } from '../profile/read-profile-file';
import { STARTER_PROFILE } from '../profile/starter-profile';
import { UsageError } from '../usage-error';

/** Write, check and describe profile files: a provider hookbridge does not ship, as data. */
export function registerProfile(program: Command): void {
	const group = program
		.command('profile')
		.description('Profile files: describe your own provider in JSON or YAML.');

	group
		.command('check <file>')
		.description('Validate a profile file and read back every sample; exit 1 on any problem.')
		.action((file: string) => {
			const profile = readProfileFile(file);
			const issues = checkSamples(profile);
			for (const issue of issues) process.stderr.write(`${issue.path}: ${issue.message}\n`);
			if (issues.length > 0) {
				process.stderr.write(`invalid_profile: ${issues.length} sample problem(s) in ${file}\n`);
				process.exitCode = 1;
				return;
			}
			const mode = profile.api ? 'management API' : 'manual (dashboard) setup';
			const s = profile.signature;
			process.stdout.write(
				`${file}: ${profile.name} (${profile.id}) is valid: ${mode}; HMAC-${s.algorithm.toUpperCase()} ${s.encoding} in ${s.header}; ${profile.events.length} event type(s)\n`,
			);
		});

	group
		.command('init')
		.description('Write a commented starter profile (or a built-in one to adapt, --like).')
		.option('--like <id>', `start from a built-in profile: ${providerIds.join(', ')}`)
		.option('--out <file>', 'write here instead of to stdout')
		.option('--force', 'overwrite --out if it exists')
		.action((flags: { like?: string; out?: string; force?: boolean }) => {
			const text = flags.like === undefined ? STARTER_PROFILE : likeProfile(flags.like);
			if (flags.out === undefined) return void process.stdout.write(text);
			if (existsSync(flags.out) && !flags.force) {
				throw new UsageError(`${flags.out} exists; add --force to overwrite it.`);
			}
			writeFileSync(flags.out, text);
			process.stderr.write(
				`wrote ${flags.out}; check it with: hookbridge profile check ${flags.out}\n`,
			);
		});

	group
		.command('schema')
		.description('Print the JSON Schema of the profile file format.')
		.action(() => {
			process.stdout.write(`${JSON.stringify(profileJsonSchema(), null, 2)}\n`);
		});
}

function likeProfile(id: string): string {
	let profile;
	try {
		profile = getProfile(id);
	} catch (error) {
		throw new UsageError((error as Error).message, 'unknown_provider');
	}
	return profileYaml(
		profile,
		` hookbridge's built-in ${profile.name} profile as a profile file. To describe your own\n provider, change id and name, then each section; check with: hookbridge profile check <file>`,
	);
}
