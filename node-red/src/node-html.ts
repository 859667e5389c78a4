// The core by its package name: the generators that call this ship in the CLI package.
import { type Profile, subscribableTypes } from '@hookbridge/core';
import { nodeCredentials } from './node-credentials';

/**
 * The editor file of a hookbridge node type (`<type>.html` beside its module): the editor
 * script (node-red/editor/hookbridge-in-editor.js, linted as source) called with the type's
 * data, the edit form, and the help text with the limits stated.
 */
export function nodeHtml(type: string, profiles: readonly Profile[], editorScript: string): string {
	const credentials = nodeCredentials(profiles);
	const fields = credentialFields(profiles);
	const data = {
		type,
		credentials,
		allFields: fields,
		profiles: profiles.map((profile) => ({
			id: profile.id,
			name: profile.name,
			api: Boolean(profile.api),
			fields: profile.api?.credentials.map((f) => ({ key: f.key })) ?? [],
			events: profile.api ? subscribableTypes(profile) : profile.events.map((e) => e.type),
			setup: setupText(profile),
		})),
	};
	// `<` escaped so no profile text can close the script element.
	const json = JSON.stringify(data).replace(/</g, '\\u003c');
	return [
		'<script type="text/javascript">',
		editorScript.trim(),
		`registerHookbridgeNode(${json});`,
		'</script>',
		'',
		`<script type="text/html" data-template-name="${escape(type)}">`,
		...editForm(credentials, fields),
		'</script>',
		'',
		`<script type="text/html" data-help-name="${escape(type)}">`,
		HELP,
		'</script>',
		'',
	].join('\n');
}

/** The edit form's rows; the editor script shows the ones the chosen profile uses. */
function editForm(
	credentials: ReturnType<typeof nodeCredentials>,
	fields: Array<{ key: string; label: string }>,
): string[] {
	const row = (id: string, label: string, input: string) =>
		`\t<div class="form-row" id="hookbridge-row-${id}">\n\t\t<label for="node-input-${id}">${escape(label)}</label>\n\t\t${input}\n\t</div>`;
	const text = (id: string, placeholder = '') =>
		`<input type="text" id="node-input-${id}" placeholder="${escape(placeholder)}">`;
	const checkbox = (id: string) =>
		`<input type="checkbox" id="node-input-${id}" style="width: auto">`;
	const credentialRows = Object.entries(credentials).map(([key, { type: kind }]) =>
		row(key, labelOf(key, fields), `<input type="${kind}" id="node-input-${key}">`),
	);
	return [
		row('provider', 'Provider', '<select id="node-input-provider"></select>'),
		row(
			'profileFile',
			'Profile file',
			text('profileFile', 'instead of a provider: /data/acme.yaml'),
		),
		row('path', 'Path', text('path', '/webhooks/acme')),
		row('publicUrl', 'Public URL', text('publicUrl', 'https://nodered.example.com')),
		row('baseUrl', 'API base URL', text('baseUrl', "the profile's (change for a self-hosted API)")),
		...credentialRows,
		row('events', 'Events', text('events', 'comma-separated; empty: every event (manual mode)')),
		'\t<div class="form-tips">Events: <span id="hookbridge-events"></span></div>',
		row('ignoreDuplicates', 'Ignore duplicates', checkbox('ignoreDuplicates')),
		row('dataOnly', 'Data only', checkbox('dataOnly')),
		row('name', 'Name', text('name')),
		'\t<div class="form-tips" id="hookbridge-setup"></div>',
	];
}

const HELP = `<p>Verified, typed, deduplicated webhook events (hookbridge).</p>
<h3>Outputs</h3>
<dl class="message-properties">
<dt>payload <span class="property-type">object</span></dt><dd>the normalised event: id, type, provider, occurredAt, accountId, data, validation (only <code>data</code> with <i>Data only</i>)</dd>
<dt>topic <span class="property-type">string</span></dt><dd>the event type</dd>
</dl>
<h3>Details</h3>
<p>The node answers the provider itself on its path (under <code>httpNodeRoot</code>): 401 for a bad signature, 413 for a body over 1 MiB, 400 for a malformed one, 200 for a repeat (no message) and for a new event (one message).</p>
<p>API providers: on deploy the node subscribes <i>Public URL</i> + path to the chosen events with the credentials, and deletes that hook when it is closed (a redeploy, a removal, Node-RED stopping): deliveries while Node-RED is down are not retried to it. Manual-mode providers: paste <i>Public URL</i> + path into the provider's dashboard and put its signing secret into the node.</p>
<p>Limits: the body must reach the node unparsed, so no <code>httpNodeMiddleware</code> may parse it; duplicates are remembered in the node's context (in memory unless a persistent context store is configured).</p>`;

/** Every API credential field across the profiles, first label wins. */
function credentialFields(profiles: readonly Profile[]): Array<{ key: string; label: string }> {
	const fields = new Map<string, string>();
	for (const profile of profiles)
		for (const field of profile.api?.credentials ?? [])
			if (!fields.has(field.key)) fields.set(field.key, field.label);
	return [...fields].map(([key, label]) => ({ key, label }));
}

function labelOf(key: string, fields: Array<{ key: string; label: string }>): string {
	if (key === 'signingSecret') return 'Signing secret';
	if (key === 'previousSigningSecret') return 'Previous secret';
	return fields.find((f) => f.key === key)?.label ?? key;
}

function setupText(profile: Profile): string {
	return profile.api
		? `On deploy the node subscribes its public URL to the events at ${profile.name}, and deletes the hook on close.`
		: [
				`Paste the node's public URL into ${profile.name} and its signing secret here.`,
				profile.manualSetup ?? '',
			].join(' ');
}

function escape(text: string): string {
	return text.replace(
		/[&<>"]/g,
		(c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
	);
}
