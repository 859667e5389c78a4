/** Local component IDs the extension accepts, per component type. */
export const ID_PATTERNS: Record<string, RegExp> = {
	connection: /^[a-zA-Z][0-9a-zA-Z-]{1,33}[0-9a-zA-Z]$/,
	webhook: /^[a-zA-Z][0-9a-zA-Z-]{1,33}[0-9a-zA-Z]$/,
	module: /^[a-zA-Z][0-9a-zA-Z]{2,63}$/,
	rpc: /^[a-zA-Z][0-9a-zA-Z]{2,63}$/,
	function: /^[a-zA-Z][0-9a-zA-Z]{1,94}[0-9a-zA-Z]$/,
	endpoint: /^[a-zA-Z][0-9a-zA-Z]{1,126}[0-9a-zA-Z]$/,
};
