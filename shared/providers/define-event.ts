import type { z } from 'zod/v4';
import type { EventDefinition } from './profile';

type Body = Record<string, unknown>;

type EventSpec<S extends z.ZodType> = Omit<EventDefinition, 'schema' | 'nameSource' | 'sample'> & {
	schema: S;
	nameSource?: EventDefinition['nameSource'];
} & (
		| { /** The event data; the provider's envelope is added around it. */ data: z.input<S> }
		| { /** A whole body copied verbatim from the provider's docs. */ verbatim: Body }
	);

/**
 * Returns a helper that declares one catalogued event of a provider. Typing `data` against the
 * schema catches a wrong sample at compile time; the tests parse every sample again at run time.
 */
export function eventDefiner(wrap: (type: string, data: Body) => Body) {
	return function defineEvent<S extends z.ZodType>(spec: EventSpec<S>): EventDefinition {
		const { nameSource = 'seed', ...rest } = spec;
		const sample = 'verbatim' in spec ? spec.verbatim : wrap(spec.type, spec.data as Body);
		return {
			type: rest.type,
			title: rest.title,
			description: rest.description,
			...(rest.category === undefined ? {} : { category: rest.category }),
			nameSource,
			schema: rest.schema,
			sample,
		};
	};
}
