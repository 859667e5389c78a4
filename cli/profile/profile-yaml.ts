import { type Profile, profileToFile } from '@hookbridge/core';
import { Document, isMap, isScalar } from 'yaml';

/** One line above each top-level key of a written profile: what it is for. */
const NOTES: Record<string, string> = {
	id: ' Provider id: --provider in commands, n8n-nodes-<id> for the n8n package.',
	api: ' The management API hookbridge subscribes through. Leave it out for a provider whose webhooks are set up by hand in its dashboard (manual mode).',
	manualSetup:
		" Manual mode: where in the provider's dashboard the user pastes the URL and finds the secret.",
	signature:
		' How deliveries are signed: HMAC algorithm, where the signature is, what is signed (content parts, in order).',
	bodyFormat: ' json, or form for application/x-www-form-urlencoded bodies.',
	envelope:
		' Where the event id (the dedupe key), type, time and data are found: body paths or headers.',
	events: ' The catalog: each type with a JSON Schema of its data and a whole sample body.',
	delivery: " The provider's delivery policy: timeout, retries, auto-disable.",
	secret: ' How signing secrets look and who makes them.',
	assumptions: " One line per thing assumed where the provider's docs are silent.",
};

/** A profile written as a commented YAML profile file. */
export function profileYaml(profile: Profile, header: string): string {
	const document = new Document(profileToFile(profile));
	document.commentBefore = header;
	if (isMap(document.contents)) {
		for (const pair of document.contents.items) {
			const key = isScalar(pair.key) ? String(pair.key.value) : '';
			const note = NOTES[key];
			if (note && isScalar(pair.key)) pair.key.commentBefore = note;
		}
	}
	return document.toString({ lineWidth: 100 });
}
