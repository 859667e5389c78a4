import Ajv from 'ajv';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profiles } from '../../shared';
import { generatedFiles } from '../../make/src/write-apps';

// Make's own JSON Schemas (vendored in make/schemas/ with their licence) against every
// generated file, with the code type → schema mapping of Make's VS Code extension.
const MAKE = join(__dirname, '..', '..', 'make');
const SCHEMAS = join(MAKE, 'schemas');
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
for (const name of readdirSync(SCHEMAS).filter((f) => f.endsWith('.json'))) {
	ajv.addSchema(JSON.parse(readFileSync(join(SCHEMAS, name), 'utf8')), name);
}
const SCHEMA_FOR: Record<string, string> = {
	base: 'base.json',
	communication: 'api.json',
	attach: 'api.json',
	detach: 'api.json',
	params: 'parameters.json',
	interface: 'parameters.json',
	samples: 'samples.json',
};

const files = generatedFiles();

describe.each(Object.keys(profiles))('Make app %s', (id) => {
	const manifest = JSON.parse(files[`apps/${id}/makecomapp.json`] ?? '{}');

	test('makecomapp.json is valid and every file it names exists and matches its schema', () => {
		expect(ajv.validate('makecomapp.schema.json', manifest)).toBe(true);
		const paths: string[] = Object.values(manifest.generalCodeFiles as Record<string, string>);
		for (const kind of Object.values(
			manifest.components as Record<string, Record<string, { codeFiles: Record<string, string> }>>,
		)) {
			for (const component of Object.values(kind))
				paths.push(...Object.values(component.codeFiles));
		}
		for (const path of paths) {
			const text = files[`apps/${id}/${path}`];
			expect(text === undefined ? `missing ${path}` : path).toBe(path);
			const code =
				/\.([a-z-]+)\.iml\.json$/.exec(path)?.[1] ?? (path.endsWith('groups.json') ? 'groups' : '');
			const schema = SCHEMA_FOR[code] ?? (code === 'groups' ? 'groups.json' : undefined);
			if (!schema) continue;
			const ok = ajv.validate(schema, JSON.parse(text ?? 'null'));
			expect(ok ? path : `${path}: ${ajv.errorsText()}`).toBe(path);
		}
	});

	test('every output carries the stable event id and the delivery id', () => {
		const iface = JSON.parse(
			files[`apps/${id}/modules/watchEvents/watchEvents.interface.iml.json`] ?? '[]',
		) as Array<{ name: string }>;
		expect(iface.map((f) => f.name)).toEqual(
			expect.arrayContaining(['id', 'deliveryId', 'type', 'data']),
		);
	});

	test('signatures: the app checks what Make can recompute and says plainly where it cannot', () => {
		const communication =
			files[
				`apps/${id}/webhooks/${id.replace(/-/g, '')}Events/${id.replace(/-/g, '')}Events.communication.iml.json`
			] ?? '';
		const readme = files[`apps/${id}/README.md`] ?? '';
		if (communication.includes('verification')) {
			expect(communication).toContain('sha256(');
			expect(readme).toContain('answers 401');
		} else {
			expect(readme).toContain('this app does not check signatures');
			expect(readme).toContain('hookbridge listen');
		}
	});

	test('the Custom webhook kit has a data structure for every catalogued event, and setup steps', () => {
		for (const event of profiles[id]?.events ?? [])
			expect(files[`kit/${id}/${event.type}.json`]).toBeDefined();
		expect(files[`kit/${id}/README.md`]).toContain('Custom webhook');
	});
});

test('the committed apps and kits equal a fresh generation (no drift)', () => {
	for (const [path, text] of Object.entries(files)) {
		const file = join(MAKE, path);
		expect(
			existsSync(file)
				? readFileSync(file, 'utf8') === text
					? 'same'
					: `drift: ${path}`
				: `missing: ${path}`,
		).toBe('same');
	}
});
