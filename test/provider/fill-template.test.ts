import { fillTemplate } from '../../provider/routes/fill-template';

// Persona answer templates (profile `persona.api`): placeholders filled, members without a
// value left out. Expected values are written out here.
test('a whole placeholder keeps its value as it is; one inside text becomes text', () => {
	const template = { id: '{id}', label: 'hook {id} of {owner}', fixed: 'queued', n: 3 };
	expect(fillTemplate(template, { id: 42, owner: 'acme' })).toEqual({
		id: 42,
		label: 'hook 42 of acme',
		fixed: 'queued',
		n: 3,
	});
});

test('members without a value are left out, and objects or lists emptied by that too', () => {
	const template = {
		errors: [{ code: '{code}', source: { pointer: '/data{pointer}' } }],
		extra: { only: '{missing}' },
		list: ['{missing}'],
		kept: {},
	};
	expect(fillTemplate(template, { code: 'not_found', pointer: undefined })).toEqual({
		errors: [{ code: 'not_found' }],
		kept: {},
	});
});

test('a placeholder naming an inherited property has no value', () => {
	expect(fillTemplate({ a: '{constructor}', b: 'x{toString}' }, {})).toEqual({});
});

test('keys of the template are own properties of the answer, never its prototype', () => {
	const template = JSON.parse('{"__proto__": {"polluted": true}, "ok": true}') as Record<
		string,
		unknown
	>;
	const filled = fillTemplate(template, {});
	expect(Object.getPrototypeOf(filled)).toBe(Object.prototype);
	expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	expect(Object.hasOwn(filled, '__proto__')).toBe(true);
	expect(filled.ok).toBe(true);
});
