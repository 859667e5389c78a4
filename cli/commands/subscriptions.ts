import type { Command } from 'commander';
import { profiles, type Subscription } from '@hookbridge/core';
import { SubscriptionClient } from '../http/subscription-client';
import { addApiOptions, credentialsFor, type ApiFlags } from '../api-credentials';
import { formatTable } from '../format-table';
import { addProfileOptions, resolveProfile, type ProfileFlags } from '../profile/profile-option';
import { UsageError } from '../usage-error';

interface SubscriptionFlags extends ApiFlags, ProfileFlags {
	urlPrefix?: string;
	inactive?: boolean;
	yes?: boolean;
}

/** See and clean up an account's webhooks: the orphans a deleted Zap or workflow leaves. */
export function registerSubscriptions(program: Command): void {
	const group = program
		.command('subscriptions')
		.description("List, delete and prune an API provider's webhook subscriptions.");
	const client = (flags: SubscriptionFlags) => {
		const profile = resolveProfile(flags);
		return new SubscriptionClient(profile, credentialsFor(profile, flags));
	};
	// Only providers with a management API have subscriptions to list.
	const apiIds = Object.values(profiles)
		.filter((profile) => profile.api)
		.map((profile) => profile.id);
	const common = (command: Command) => addApiOptions(addProfileOptions(command, apiIds));

	common(group.command('list').description('Every webhook of the account.')).action(
		async (flags: SubscriptionFlags) => {
			const list = await client(flags).list();
			process.stdout.write(`${list.length ? formatTable(list.map(row)) : 'no subscriptions'}\n`);
		},
	);

	common(
		group.command('delete <id>').description('Delete one webhook (already gone counts as done).'),
	).action(async (id: string, flags: SubscriptionFlags) => {
		const result = await client(flags).unsubscribe(id);
		process.stdout.write(`${id} ${result.alreadyGone ? 'was already gone' : 'deleted'}\n`);
	});

	common(
		group.command('prune').description('Delete the webhooks that match; a dry run unless --yes.'),
	)
		.option(
			'--url-prefix <url>',
			'only webhooks whose URL starts with this (e.g. https://hooks.zapier.com/)',
		)
		.option('--inactive', 'only webhooks that are disabled')
		.option('--yes', 'really delete (default: only show what would go)')
		.action(async (flags: SubscriptionFlags) => {
			if (!flags.urlPrefix && !flags.inactive)
				throw new UsageError(
					'prune needs --url-prefix or --inactive, so it never deletes everything by accident.',
				);
			const api = client(flags);
			const matches = (await api.list()).filter(
				(s) =>
					(!flags.urlPrefix || s.url.startsWith(flags.urlPrefix)) && (!flags.inactive || !s.active),
			);
			if (matches.length === 0) return void process.stdout.write('nothing to prune\n');
			process.stdout.write(`${formatTable(matches.map(row))}\n`);
			if (!flags.yes)
				return void process.stdout.write(
					`dry run: ${matches.length} webhook(s) would be deleted; add --yes to delete them\n`,
				);
			for (const s of matches) await api.unsubscribe(s.id);
			process.stdout.write(`deleted ${matches.length} webhook(s)\n`);
		});
}

function row(s: Subscription) {
	return { id: s.id, active: s.active ? 'yes' : 'no', url: s.url, events: s.events.join(',') };
}
