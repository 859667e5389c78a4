// The files a user of @hookbridge/core would write, run in a project that has only the tarball
// installed. Deliveries are signed here with node:crypto, the independent oracle.

const signing = `
const secret = 'whsec_' + Buffer.from('release check key, 32 bytes long').toString('base64');
const key = Buffer.from(secret.slice(6), 'base64');
const body = Buffer.from(JSON.stringify({ type: 'invoice.paid', timestamp: new Date().toISOString(), data: { id: 'in_1' } }));
const id = 'msg_release_check';
const ts = String(Math.floor(Date.now() / 1000));
const signature = 'v1,' + createHmac('sha256', key).update(id + '.' + ts + '.').update(body).digest('base64');
const headers = { 'webhook-id': id, 'webhook-timestamp': ts, 'webhook-signature': signature };
`;

const checks = `
const codeOf = (run) => { try { run(); return 'accepted'; } catch (error) { return error.code; } };
const event = core.verifyDelivery('standard-webhooks', { headers, body }, { secrets: [secret] });
if (!event.verified || event.type !== 'invoice.paid' || event.id !== id) throw new Error('signed delivery not accepted');
const forged = { headers: { ...headers, 'webhook-signature': 'v1,' + Buffer.alloc(32).toString('base64') }, body };
const results = [
	codeOf(() => core.verifyDelivery('standard-webhooks', forged, { secrets: [secret] })),
	codeOf(() => core.signingSecrets('standard-webhooks', ['whsec_'])),
];
if (results.join() !== 'signature_mismatch,invalid_secret') throw new Error('refusals: ' + results.join());
console.log('signed delivery verified; forgery signature_mismatch; whsec_ invalid_secret');
`;

// A profile file's data loads through the package, and the JSON Schema it ships is the format's.
const profileFile = `
const shipped = require('@hookbridge/core/profile.schema.json');
if (JSON.stringify(shipped) !== JSON.stringify(core.profileJsonSchema())) throw new Error('profile.schema.json is not the format');
const acme = core.loadProfile({ id: 'acme', name: 'Acme', docsUrl: 'https://acme.example/docs', signature: { header: 'x-acme-signature', prefix: 'sha256=' }, envelope: { id: [{ body: 'id' }], type: [{ body: 'type' }] } });
const acmeBody = JSON.stringify({ id: 'evt_1', type: 'thing.done' });
const acmeSignature = 'sha256=' + createHmac('sha256', 'acme secret').update(acmeBody).digest('hex');
const acmeEvent = core.verifyDelivery(acme, { headers: { 'x-acme-signature': acmeSignature }, body: acmeBody }, { secrets: 'acme secret' });
if (acmeEvent.id !== 'evt_1' || acmeEvent.provider !== 'acme') throw new Error('profile file delivery not accepted');
console.log('profile file loaded and verified; profile.schema.json is the format');
`;

export const cjsCheck = `'use strict';
const { createHmac } = require('node:crypto');
const core = require('@hookbridge/core');
${signing}${checks}${profileFile}`;

export const esmCheck = `import { createHmac } from 'node:crypto';
import * as core from '@hookbridge/core';
import { receive } from '@hookbridge/core';
if (typeof receive !== 'function') throw new Error('named import receive is missing');
${signing}${checks}`;

export const tsCheck = `import { createHmac } from 'node:crypto';
import { receive, signingSecrets, WebhookError, type NormalizedEvent } from '@hookbridge/core';

const keys = signingSecrets('standard-webhooks', ['whsec_' + Buffer.from('k'.repeat(32)).toString('base64')]);
const body = Buffer.from('{}');
const signature = createHmac('sha256', 'k').update(body).digest('base64');
export async function handle(): Promise<string> {
	try {
		const event: NormalizedEvent = await receive('standard-webhooks', { headers: { 'webhook-signature': signature }, body }, { secrets: keys });
		return event.type;
	} catch (error) {
		if (error instanceof WebhookError) return \`\${error.status} \${error.code}\`;
		throw error;
	}
}
`;
