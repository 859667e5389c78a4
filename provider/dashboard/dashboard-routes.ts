import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Profile } from '@hookbridge/core';
import type { ProviderContext } from '../provider-context';
import { isLoopback } from '../routes/persona-rules';
import { DASHBOARD_SCRIPT } from './dashboard-script';
import { escapeHtml, renderPage } from './render-page';

type Params = { Params: { provider: string; account: string } };

/**
 * The providers' dashboards as pages: an overview, a manual-mode provider's settings page
 * ("Settings → Webhooks", or "Settings → Integrations" as its persona says), a delivery log per
 * account and an "emit event" form.
 * Pages are shells; the script does everything through the admin API (/_admin), the same API
 * the tests use. Loopback callers only, like the admin API.
 */
export function dashboardRoutes(context: ProviderContext) {
	return async (app: FastifyInstance) => {
		app.addHook('onRequest', async (request, reply) => {
			if (!isLoopback(request.socket.remoteAddress)) {
				await reply
					.code(403)
					.type('text/plain')
					.send('The dashboard answers loopback callers only.');
			}
		});
		const html = (reply: FastifyReply, page: string) =>
			reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(page);
		const lookup = (providerId: string, accountId: string) => {
			const profile = context.profiles.has(providerId)
				? context.profiles.get(providerId)
				: undefined;
			const account = profile ? context.accounts.find(profile.id, accountId) : undefined;
			return profile && account ? { profile, account } : undefined;
		};
		const notFound = (reply: FastifyReply) =>
			html(
				reply.code(404),
				renderPage({
					title: 'Not found',
					view: 'none',
					data: {},
					body: '<p>No such provider or account here. <a href="/">Back to the overview</a>.</p>',
				}),
			);

		app.get('/dashboard/app.js', async (_request, reply) =>
			reply
				.type('text/javascript; charset=utf-8')
				.header('cache-control', 'no-store')
				.send(DASHBOARD_SCRIPT),
		);

		app.get('/', async (_request, reply) =>
			html(
				reply,
				renderPage({
					title: 'Accounts and webhooks',
					view: 'overview',
					data: {
						providers: context.profiles.all().map((profile) => ({
							id: profile.id,
							name: profile.name,
							mode: profile.api ? 'api' : 'dashboard',
							settings: settingsTitle(profile),
						})),
					},
					body: context.profiles.all().map(overviewSection).join('\n'),
				}),
			),
		);

		/** A page about one account: found or 404, with the same trail and page data. */
		const accountPage = (
			view: string,
			render: (profile: Profile) => { title: string; body: string } | undefined,
		) =>
			app.get<Params>(`/dashboard/:provider/:account/${view}`, async (request, reply) => {
				const found = lookup(request.params.provider, request.params.account);
				const page = found && render(found.profile);
				if (!found || !page) return notFound(reply);
				const { profile, account } = found;
				return html(
					reply,
					renderPage({
						...page,
						view,
						trail: [
							['Overview', '/'],
							[`${profile.name} · ${account.id}`, '/'],
						],
						data: pageData(profile, account.id),
					}),
				);
			});

		// Only the dashboard-configured providers have settings pages.
		accountPage('settings', (profile) => {
			if (profile.api) return undefined;
			const integrations = profile.persona?.settings === 'integrations';
			return {
				title: settingsTitle(profile),
				body: settingsBody(profile, integrations),
			};
		});

		accountPage('deliveries', (profile) => ({
			title: `${profile.name}: delivery log`,
			body: `<section class="card"><h2>Webhooks</h2><div id="webhooks"><p class="hint">Loading…</p></div></section>
${attemptsSection()}`,
		}));

		accountPage('emit', (profile) => ({
			title: `${profile.name}: emit an event`,
			body: `<section class="card">
<p class="hint">Emits an event as ${escapeHtml(profile.name)} would: every webhook of this account subscribed to its type gets a signed delivery.</p>
<form id="emit-form">
<label for="event-type">Event type</label>
<select id="event-type" name="type">${profile.events
				.map((e) => `<option value="${escapeHtml(e.type)}">${escapeHtml(e.type)}</option>`)
				.join('')}</select>
<label for="event-data">Event data (JSON)</label>
<textarea id="event-data" name="data" spellcheck="false"></textarea>
<div class="row"><button type="submit">Emit event</button></div>
</form>
</section>`,
		}));
	};
}

/** The settings page's name, in the persona's words. */
function settingsTitle(profile: Profile): string {
	return profile.persona?.settings === 'integrations'
		? 'Settings → Integrations'
		: 'Settings → Webhooks';
}

function pageData(profile: Profile, accountId: string) {
	return {
		provider: profile.id,
		name: profile.name,
		account: accountId,
		mode: profile.api ? 'api' : 'dashboard',
		secretOrigin: profile.secret.origin,
		events: profile.events.map((e) => ({ type: e.type, data: e.sample.data ?? e.sample })),
	};
}

function overviewSection(profile: Profile): string {
	const how = profile.api
		? 'Webhooks are created through its API (REST hooks): the log shows every delivery.'
		: 'Webhooks are configured in its dashboard only, as on the real service.';
	return `<section class="card" aria-labelledby="h-${profile.id}">
<h2 id="h-${profile.id}">${escapeHtml(profile.name)}</h2>
<p class="hint">${escapeHtml(how)}</p>
<div id="accounts-${profile.id}"><p class="hint">Loading…</p></div>
<div class="row"><button type="button" class="secondary" data-create="${profile.id}">Create a ${escapeHtml(profile.name)} account</button></div>
<div class="secret" id="created-${profile.id}" hidden></div>
</section>`;
}

function settingsBody(profile: Profile, integrations: boolean): string {
	const events = profile.events
		.map(
			(e) =>
				`<label><input type="checkbox" name="events" value="${escapeHtml(e.type)}"> ${escapeHtml(e.type)}</label>`,
		)
		.join('\n');
	const kinds = integrations
		? `<fieldset><legend>Connect</legend>
${['Zapier', 'Make', 'n8n', 'Custom webhook']
	.map(
		(k, i) =>
			`<label><input type="radio" name="kind" value="${k}"${i === 3 ? ' checked' : ''}> ${k}</label>`,
	)
	.join('\n')}
</fieldset>
<p class="hint" id="kind-hint"></p>`
		: '';
	const secret = integrations
		? `<label for="webhook-secret">Signing secret (optional)</label>
<input type="text" id="webhook-secret" name="secret" autocomplete="off" spellcheck="false">
<p class="hint">${escapeHtml(profile.name)} signs each delivery with this secret when one is set; leave it empty for unsigned deliveries.</p>`
		: `<p class="hint">${escapeHtml(profile.name)} generates the signing secret and shows it once, when the webhook is added.</p>`;
	return `<div class="banner" id="disabled-banner" role="alert" hidden>
<p id="disabled-text"></p>
<button type="button" id="reenable">Re-enable</button>
</div>
<section class="card">
<h2>${integrations ? 'Integration' : 'Webhook'}</h2>
<p id="webhook-state" class="hint">Loading…</p>
<form id="webhook-form">
${kinds}
<label for="webhook-url">${integrations ? 'Webhook URL' : 'Endpoint URL'}</label>
<input type="url" id="webhook-url" name="url" required placeholder="https://example.com/webhooks">
<fieldset><legend>Event types</legend>
${events}
</fieldset>
${secret}
<div class="row"><button type="submit" id="save">${integrations ? 'Connect' : 'Add webhook'}</button>
<button type="button" class="secondary" id="send-test" disabled>${integrations ? 'Test Webhook' : 'Send test'}</button></div>
</form>
<div class="secret" id="secret-box" hidden>
<label for="secret-value">Signing secret: copy it now, it is shown only once</label>
<div class="row"><input type="text" id="secret-value" readonly>
<button type="button" id="copy-secret">Copy</button></div>
</div>
</section>
${attemptsSection()}`;
}

function attemptsSection(): string {
	return `<section class="card">
<h2>Delivery attempts</h2>
<div class="row"><button type="button" class="secondary" id="refresh">Refresh</button></div>
<div id="attempts"><p class="hint">Loading…</p></div>
</section>`;
}
