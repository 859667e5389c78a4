// The node types' names, apart from their code: the generators (shipped in the CLI package,
// which has the core as a dependency but not the adapters) name the types without loading them.

/** The type name of @hookbridge/node-red's node. */
export const BUILT_IN_TYPE = 'hookbridge in';

/** The type name of a generated package's node: `acme in`. */
export function profileNodeType(id: string): string {
	return `${id} in`;
}
