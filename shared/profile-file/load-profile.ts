import type { z } from 'zod/v4';
import type { EventDefinition, Profile } from '../providers/profile';
import { jsonSchemaToZod, SchemaKeywordError } from './json-schema-to-zod';
import { profileFileSchema, type ProfileFile } from './profile-file-schema';

export interface ProfileIssue {
	/** Where in the file: `signature.content.2.part`, or '' for the whole file. */
	path: string;
	message: string;
}

/** A profile file that cannot be used; `issues` says where and what, one line each. */
export class ProfileFileError extends Error {
	readonly code = 'invalid_profile';
	readonly issues: ProfileIssue[];

	constructor(issues: ProfileIssue[], source = 'The profile') {
		const lines = issues.slice(0, 10).map((i) => `  ${i.path || '(file)'}: ${i.message}`);
		const more = issues.length > 10 ? [`  … and ${issues.length - 10} more`] : [];
		super([`${source} is not valid:`, ...lines, ...more].join('\n'));
		this.name = 'ProfileFileError';
		this.issues = issues;
	}
}

/**
 * A profile from the data of a profile file (JSON or YAML already parsed): validated against
 * the file format, checked for parts that do not fit together, the event schemas made zod.
 * Built-in profiles written as data load through here too. Throws ProfileFileError.
 */
export function loadProfile(data: unknown, source?: string): Profile {
	const parsed = profileFileSchema.safeParse(data);
	if (!parsed.success) throw new ProfileFileError(parsed.error.issues.map(toIssue), source);
	const file = parsed.data;
	const issues = consistencyIssues(file);
	const events: EventDefinition[] = [];
	file.events.forEach((event, i) => {
		try {
			events.push({ ...event, schema: jsonSchemaToZod(event.schema, `events.${i}.schema`) });
		} catch (error) {
			if (!(error instanceof SchemaKeywordError)) throw error;
			issues.push({ path: error.path, message: error.message });
		}
	});
	if (issues.length > 0) throw new ProfileFileError(issues, source);
	const { $schema: _editorHint, ...profile } = file;
	return {
		...profile,
		...(profile.api ? { api: withHelpTexts(profile.api, profile.name) } : {}),
		events,
	};
}

/** Platforms show a credential's description as its help text and refuse an empty one. */
function withHelpTexts<A extends { credentials: { label: string; description: string }[] }>(
	api: A,
	name: string,
): A {
	const credentials = api.credentials.map((field) => ({
		...field,
		description: field.description || `Your ${name} ${field.label}.`,
	}));
	return { ...api, credentials };
}

function toIssue(issue: z.core.$ZodIssue): ProfileIssue {
	return { path: issue.path.map(String).join('.'), message: issue.message };
}

/** What the format alone cannot say: parts of the signature that need one another. */
function consistencyIssues(file: ProfileFile): ProfileIssue[] {
	const issues: ProfileIssue[] = [];
	const add = (path: string, message: string) => issues.push({ path, message });
	signatureIssues(file, add);
	const seen = new Set<string>();
	file.events.forEach((event, i) => {
		if (seen.has(event.type)) add(`events.${i}.type`, `"${event.type}" is listed twice`);
		seen.add(event.type);
	});
	if (file.api && file.manualSetup) add('manualSetup', 'is for profiles without an api');
	// The subscription client, the CLI and the personas send the key as `apiKey`.
	if (file.api && file.api.credentials[0]?.key !== 'apiKey') {
		add('api.credentials.0.key', 'must be apiKey: the API key comes first');
	}
	return issues;
}

function signatureIssues(file: ProfileFile, add: (path: string, message: string) => void): void {
	const s = file.signature;
	const parts = new Set(s.content.map((p) => p.part));
	const timestamped = Boolean(s.timestampHeader || s.timestampField);
	if (parts.has('timestamp') && !timestamped) {
		add('signature.content', 'signs the timestamp: set timestampHeader or timestampField');
	}
	// A timestamp that is checked but not signed can be rewritten on a captured delivery: a
	// replay window that only looks like one.
	if (timestamped && !parts.has('timestamp')) {
		add('signature.content', 'has no timestamp part, so the timestamp would not be signed');
	}
	s.content.forEach((part, i) => {
		if (part.part === 'header' && part.name === s.header) {
			add(`signature.content.${i}.name`, 'cannot be the signature header itself');
		}
	});
	if (parts.has('form') && file.bodyFormat !== 'form') {
		add('signature.content', 'signs form parameters: set bodyFormat to form');
	}
	if (s.format === 'fields' && !s.field)
		add('signature.field', 'is required when format is "fields"');
	if (s.format !== 'fields' && (s.field || s.timestampField)) {
		add('signature.format', 'must be "fields" to use field or timestampField');
	}
	if (s.timestampHeader && s.timestampField) {
		add('signature.timestampField', 'cannot be set together with timestampHeader');
	}
	if (s.bodyHash && !parts.has('url')) add('signature.bodyHash', 'needs a "url" part in content');
	s.aliases?.forEach((alias, i) => {
		if (!(s.header in alias))
			add(`signature.aliases.${i}`, `must give another name for ${s.header}`);
	});
}
