import { profiles, sampleDelivery, verifyDelivery } from '../../../shared';
import seeds from '../../fixtures/seed-documents.json';

const all = Object.values(profiles);

describe.each(all.flatMap((p) => p.events.map((e) => [p.id, e.type, e, p] as const)))(
	'catalog %s %s',
	(provider, type, event, profile) => {
		test('has a title, a description, a schema and a sample that normalises to its own type', () => {
			expect(event.title.length).toBeGreaterThan(0);
			expect(event.description.length).toBeGreaterThan(0);
			const normalized = verifyDelivery(provider, sampleDelivery(profile, event), {
				skipVerification: true,
				now: Date.parse('2026-02-24T21:00:00Z'),
			});
			expect(normalized).toMatchObject({ type, known: true, provider });
			expect(normalized.validation).toEqual({ ok: true, issues: [] });
			expect(event.schema.safeParse(normalized.data).success).toBe(true);
		});

		test('its schema rejects data of the wrong shape', () => {
			expect(event.schema.safeParse('not an object').success).toBe(false);
			expect(event.schema.safeParse({}).success).toBe(false);
		});
	},
);

describe('catalogs match the providers documents', () => {
	const types = (id: string) => profiles[id]?.events.map((e) => e.type) ?? [];

	test('InboundFlow: the four documented payloads are the samples, verbatim', () => {
		expect(profiles.inboundflow?.events.map((e) => e.sample)).toEqual(seeds.inboundflow);
	});

	test('Vellocity: every catalog event, with the payload_examples verbatim, and the test payload', () => {
		for (const entry of seeds.vellocityCatalog) {
			const event = profiles.vellocity?.events.find((e) => e.type === entry.name);
			expect(event?.description).toBe(entry.description);
			if ('payload_example' in entry) expect(event?.sample).toEqual(entry.payload_example);
		}
		expect(profiles.vellocity?.events.find((e) => e.type === 'webhook.test')?.sample).toEqual(
			seeds.vellocityTestPayload,
		);
		expect(types('vellocity')).toHaveLength(seeds.vellocityCatalog.length + 1);
	});

	test('Flowella: the nine documented event types plus webhook.test', () => {
		expect(types('flowella').sort()).toEqual([...seeds.flowellaEvents].sort());
	});

	test('VelaFlows: the verbatim wire names, the eight categories with their documented counts', () => {
		expect(types('velaflows')).toEqual(expect.arrayContaining(seeds.velaflowsWireNames));
		for (const name of seeds.velaflowsWireNames) {
			expect(profiles.velaflows?.events.find((e) => e.type === name)?.nameSource).toBe('seed');
		}
		const categories = Object.fromEntries(
			(profiles.velaflows?.categories ?? []).map((c) => [c.id, c.documentedCount]),
		);
		expect(categories).toEqual(seeds.velaflowsCategories);
		for (const category of Object.keys(seeds.velaflowsCategories)) {
			const named = profiles.velaflows?.events.filter((e) => e.category === category) ?? [];
			expect(named.length).toBeGreaterThanOrEqual(3);
			for (const event of named) expect(event.type.startsWith(`${category}.`)).toBe(true);
		}
	});

	test('every profile writes down its assumptions', () => {
		for (const profile of all) expect(profile.assumptions.length).toBeGreaterThan(0);
	});

	test('event types are unique within each provider', () => {
		for (const profile of all) expect(new Set(types(profile.id)).size).toBe(profile.events.length);
	});
});
