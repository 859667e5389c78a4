// The editor side of a hookbridge node type, inlined into its .html by the generator with the
// node type's data (`config`): the profiles it offers, their credential fields and events.
// Runs in the Node-RED editor (browser globals RED and $).
/* global RED, $ */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
function registerHookbridgeNode(config) {
	const byId = Object.fromEntries(config.profiles.map((p) => [p.id, p]));
	const single = config.profiles.length === 1 ? config.profiles[0] : undefined;
	const current = () => single || byId[$('#node-input-provider').val()];

	function showFields() {
		const fromFile = !single && $('#node-input-profileFile').val() !== '';
		const profile = fromFile ? undefined : current();
		const keys = new Set((profile ? profile.fields : config.allFields).map((f) => f.key));
		for (const key of Object.keys(config.credentials)) {
			$(`#hookbridge-row-${key}`).toggle(keys.has(key) || fromFile);
		}
		const manual = profile && !profile.api;
		$('#hookbridge-row-signingSecret, #hookbridge-row-previousSigningSecret').toggle(
			manual || fromFile,
		);
		$('#hookbridge-row-baseUrl').toggle(!profile || profile.api);
		$('#hookbridge-setup').text(profile ? profile.setup : 'The fields the profile file names.');
		$('#hookbridge-events').text(profile ? profile.events.join(', ') : '');
	}

	RED.nodes.registerType(config.type, {
		category: 'network',
		color: '#C7E9C0',
		defaults: hookbridgeNodeDefaults(single || config.profiles[0]),
		credentials: config.credentials,
		inputs: 0,
		outputs: 1,
		icon: 'white-globe.svg',
		label() {
			const profile = single || byId[this.provider];
			return (
				this.name || `${profile && !this.profileFile ? profile.name : 'webhooks'} ${this.path}`
			);
		},
		oneditprepare() {
			const select = $('#node-input-provider');
			for (const profile of config.profiles) {
				select.append($('<option>').val(profile.id).text(profile.name));
			}
			select.val(this.provider);
			$('#hookbridge-row-provider, #hookbridge-row-profileFile').toggle(!single);
			select.on('change', showFields);
			$('#node-input-profileFile').on('change keyup', showFields);
			showFields();
		},
	});
}

// What a node of the type saves in the flow (Node-RED keeps credentials apart). A global of
// the editor page, like registerHookbridgeNode, so its name carries the prefix.
function hookbridgeNodeDefaults(profile) {
	return {
		name: { value: '' },
		provider: { value: profile.id },
		profileFile: { value: '' },
		path: { value: '', required: true },
		publicUrl: { value: '' },
		baseUrl: { value: '' },
		events: { value: '' },
		ignoreDuplicates: { value: true },
		dataOnly: { value: false },
	};
}
