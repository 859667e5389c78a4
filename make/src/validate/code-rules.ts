/** How a code file is read and which schema checks it; `schema: null` = parsed only. */
export interface CodeRule {
	/** `iml`: JSON with comments, as Make reads IML files; `json`: plain JSON; `text`: not parsed. */
	format: 'iml' | 'json' | 'text';
	schema: string | null;
}
const iml = (schema: string | null): CodeRule => ({ format: 'iml', schema });
const TEXT: CodeRule = { format: 'text', schema: null };

// Code type → schema, per component type, as Make's VS Code extension maps them.
export const GENERAL_CODES: Record<string, CodeRule> = {
	base: iml('base.json'),
	common: { format: 'json', schema: 'common.json' },
	groups: { format: 'json', schema: 'groups.json' },
	readme: TEXT,
};
export const COMPONENT_CODES: Record<string, Record<string, CodeRule>> = {
	connection: {
		communication: iml('api.json'),
		params: iml('parameters.json'),
		common: { format: 'json', schema: 'common.json' },
		scopeList: iml('scopes.json'),
		defaultScope: iml('scope.json'),
		installSpec: iml(null),
		installDirectives: iml(null),
	},
	webhook: {
		communication: iml('api.json'),
		params: iml('parameters.json'),
		attach: iml('api.json'),
		detach: iml('api.json'),
		update: iml(null),
		requiredScope: iml('scope.json'),
	},
	module: {
		communication: iml('api.json'),
		staticParams: iml('parameters.json'),
		mappableParams: iml('parameters.json'),
		interface: iml('parameters.json'),
		samples: iml('samples.json'),
		epoch: iml('epoch.json'),
		scope: iml('scope.json'),
	},
	rpc: { communication: iml('api.json'), params: iml('parameters.json') },
	function: { code: TEXT, test: TEXT },
	endpoint: {
		communication: iml('endpoint-api.json'),
		scope: iml('scope.json'),
		inputParameters: iml('parameters.json'),
		outputParameters: iml('parameters.json'),
		context: TEXT,
	},
};

/** The schema of an OAuth connection's communication, in place of api.json. */
export const OAUTH_SCHEMA = 'api-oauth.json';

/** Every schema a code rule names, plus the ones they `$ref`: all must be present and compile. */
export const REQUIRED_SCHEMAS = [
	'makecomapp.schema.json',
	OAUTH_SCHEMA,
	...new Set(
		[GENERAL_CODES, ...Object.values(COMPONENT_CODES)].flatMap((codes) =>
			Object.values(codes).flatMap((rule) => (rule.schema ? [rule.schema] : [])),
		),
	),
];
