import { z } from 'zod/v4';
import type { Profile } from '../providers/profile';
import type { ProfileFileInput } from './profile-file-schema';

/**
 * A profile as the data of a profile file: event schemas written as JSON Schema by zod itself.
 * What `hookbridge profile init --like <id>` starts from, for profiles written in TypeScript and
 * as data alike; loadProfile reads it back to a profile that checks the same things.
 */
export function profileToFile(profile: Profile): ProfileFileInput {
	const { events, ...rest } = profile;
	return {
		...rest,
		events: events.map(({ schema, ...event }) => ({ ...event, schema: toJsonSchema(schema) })),
	};
}

function toJsonSchema(schema: z.ZodType): Record<string, unknown> {
	// What is received is checked, so the input side of any transform is what the file describes.
	const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
		io: 'input',
		unrepresentable: 'any',
	});
	return json;
}
