import { z } from 'zod/v4';
import { profileFileSchema } from './profile-file-schema';

/**
 * The JSON Schema of the profile file format, made from the zod definition the loader checks
 * with: the file that ships in the package (profile.schema.json) and `hookbridge profile
 * schema` print this, so editors check files against exactly what hookbridge accepts.
 */
export function profileJsonSchema(): Record<string, unknown> {
	// `input`: what may be written (parts with defaults are optional), not what the loader returns.
	return {
		...z.toJSONSchema(profileFileSchema, { io: 'input' }),
		title: 'hookbridge profile file',
	};
}
