import { z } from 'zod/v4';
import { profiles } from '../../../shared';
import type { EventDefinition } from '../../../shared/providers/profile';
import { validateData } from '../../../shared/receive/validate-data';

// validateData runs a schema without safeParse's ZodError; its report must be exactly what
// safeParse reports (zod's public API is the oracle), for every catalog schema and for data
// that misses the schema in every way a real payload might.

function safeParseReport(schema: z.ZodType, data: unknown) {
	const result = schema.safeParse(data);
	if (result.success) return { ok: true, issues: [] };
	const issues = result.error.issues.map((issue) => ({
		path: issue.path.map(String).join('.'),
		code: issue.code,
		message: issue.message,
	}));
	return { ok: false, issues };
}

/** The sample's data, then one mangled field at a time, then data of the wrong shape. */
function variants(event: EventDefinition): unknown[] {
	const data = (event.sample.data ?? event.sample) as Record<string, unknown>;
	const out: unknown[] = [data, {}, null, 'text', 42, [data], { ...data, extra: true }];
	for (const key of Object.keys(data)) {
		const { [key]: _dropped, ...rest } = data;
		out.push(rest, { ...data, [key]: null }, { ...data, [key]: 12345 }, { ...data, [key]: {} });
		out.push({ ...data, [key]: ['x'] }, { ...data, [key]: '' }, { ...data, [key]: 'Ünïcödé ✓' });
	}
	return out;
}

const events = Object.values(profiles).flatMap((p) =>
	p.events.map((e) => [`${p.id} ${e.type}`, e] as const),
);

test('every provider with a catalog is covered', () => {
	expect(new Set(events.map(([name]) => name.split(' ')[0]))).toEqual(
		new Set([
			...['velaflows', 'vellocity', 'flowella', 'inboundflow'],
			...['github', 'stripe', 'shopify', 'slack', 'twilio'],
		]),
	);
});

test.each(events)('validateData reports what safeParse reports: %s', (_name, event) => {
	for (const data of variants(event)) {
		expect(validateData(event.schema, data)).toEqual(safeParseReport(event.schema, data));
	}
});

test('validateData matches safeParse on nested, refined and custom-message schemas', () => {
	const schema = z.looseObject({
		id: z.string().min(3, { error: 'id too short' }),
		count: z.number().int().positive(),
		tags: z.array(z.enum(['a', 'b'])).max(2),
		nested: z.object({ at: z.string().refine((s) => s.endsWith('Z'), 'must be UTC') }),
		kind: z.union([z.literal('x'), z.literal('y')]),
	});
	const cases: unknown[] = [
		{ id: 'abcd', count: 1, tags: ['a'], nested: { at: '2026Z' }, kind: 'x' },
		{ id: 'a', count: -1.5, tags: ['a', 'b', 'c', 'd'], nested: { at: 'now' }, kind: 'z' },
		{ id: 7, count: '1', tags: 'a', nested: null },
		{},
	];
	for (const data of cases) {
		expect(validateData(schema, data)).toEqual(safeParseReport(schema, data));
	}
	expect(validateData(schema, cases[1]).issues.map((issue) => issue.message)).toContain(
		'id too short',
	);
	expect(validateData(schema, cases[1]).issues.map((issue) => issue.message)).toContain(
		'must be UTC',
	);
});

test('validateData refuses an asynchronous schema instead of returning a promise', () => {
	const schema = z.string().refine(async () => true);
	expect(() => validateData(schema, 'x')).toThrow(/Promise|synchronous/);
});
