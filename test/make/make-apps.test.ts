import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profiles } from '../../shared';
import { appInMemory, loadAppValidator, type AppValidator } from '../../make/src/validate-app';
import { generatedFiles, prebuiltProfiles } from '../../make/src/write-apps';

// Make's own JSON Schemas (vendored in make/schemas/ with their licence) against every
// generated file, by the project's validator (make/src/validate-app.ts), the one npm run
// make:check runs on the committed apps.
const MAKE = join(__dirname, '..', '..', 'make');
let validator: AppValidator;
beforeAll(async () => {
	validator = await loadAppValidator();
});

const files = generatedFiles();

describe.each(prebuiltProfiles().map((p) => p.id))('Make app %s', (id) => {
	test('makecomapp.json is valid and names every file, each existing and matching its schema', () => {
		const app = appInMemory(files, `apps/${id}/`);
		const report = validator.validate(app);
		expect(report.errors).toEqual([]);
		expect([...report.checked].sort()).toEqual(app.list());
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
