import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Command } from 'commander';
import type { Profile } from '@hookbridge/core';
import { makeAppFiles } from '../../make/src/write-apps';
import { activepiecesPiece } from '../generate/activepieces-piece';
import { n8nPackage, type PackageOwner } from '../generate/n8n-package';
import { nodeRedPackage } from '../generate/node-red-package';
import { zapierProject } from '../generate/zapier-project';
import { packageVersion } from '../package-version';
import { addProfileOptions, resolveProfile, type ProfileFlags } from '../profile/profile-option';
import { UsageError } from '../usage-error';

interface GenerateFlags extends ProfileFlags {
	out: string;
	force?: boolean;
	author?: string;
	homepage?: string;
}

type Files = Record<string, string | Buffer>;
type Generator = (profile: Profile, version: string, flags: GenerateFlags) => Files;

const PLATFORMS: Record<string, Generator> = {
	zapier: zapierProject,
	n8n: (profile, version, flags) => n8nPackage(profile, version, owner(profile, flags)),
	activepieces: (profile, version, flags) =>
		activepiecesPiece(
			profile,
			version,
			flags.profile ? `piece-${profile.id}` : `@hookbridge/piece-${profile.id}`,
		),
	'node-red': nodeRedPackage,
	make: (profile, _version, flags) => {
		// The READMEs' commands name the profile as the reader named it here.
		const named = flags.profile
			? `--profile ${basename(flags.profile)}`
			: `--provider ${profile.id}`;
		return makeAppFiles(profile, {
			profileFlag: named,
			regenerate: `hookbridge generate make ${named} --out <dir>`,
		});
	},
};

/** n8n lists a community package's author and homepage, and refuses one without an author. */
function owner(profile: Profile, flags: GenerateFlags): PackageOwner {
	const match = /^\s*(.+?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(flags.author ?? '');
	if (!match) {
		throw new UsageError(
			'generate n8n needs --author "Name <email>": n8n requires it of a community package.',
		);
	}
	return {
		author: { name: match[1] ?? '', email: match[2] ?? '' },
		homepage: flags.homepage ?? profile.docsUrl,
	};
}

/** A complete connector project for one profile, for Zapier, n8n or Make. */
export function registerGenerate(program: Command): void {
	const command = program
		.command('generate <platform>')
		.description(
			'Write a Zapier app, an n8n community package, a Make app, an Activepieces piece or a Node-RED node for a profile (zapier, n8n, make, activepieces, node-red).',
		);
	addProfileOptions(command)
		.requiredOption('--out <dir>', 'the folder to write (created; must be empty unless --force)')
		.option('--force', 'write into a folder that is not empty')
		.option('--author <"Name <email>">', 'n8n: the package author (required by n8n)')
		.option('--homepage <url>', "n8n: the package homepage (default: the profile's docsUrl)")
		.action((platform: string, flags: GenerateFlags) => {
			const make = Object.hasOwn(PLATFORMS, platform) ? PLATFORMS[platform] : undefined;
			if (!make)
				throw new UsageError(
					`Unknown platform "${platform}"; use zapier, n8n, make, activepieces or node-red.`,
				);
			const profile = resolveProfile(flags);
			if (existsSync(flags.out) && readdirSync(flags.out).length > 0 && !flags.force) {
				throw new UsageError(`${flags.out} is not empty; add --force to write into it.`);
			}
			const files = make(profile, packageVersion(), flags);
			for (const [path, content] of Object.entries(files)) {
				const file = join(flags.out, path);
				mkdirSync(dirname(file), { recursive: true });
				writeFileSync(file, content);
			}
			process.stderr.write(
				`wrote ${Object.keys(files).length} files for ${profile.name} (${platform}) into ${flags.out}\n`,
			);
		});
}
