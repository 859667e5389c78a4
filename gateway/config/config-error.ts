/** One thing wrong with a config file; `path` is `sources[1].provider`-style, '' for the whole file. */
export interface ConfigIssue {
	path: string;
	message: string;
	/** Where a YAML or JSON syntax error is, 1-based. */
	line?: number;
	column?: number;
}

export type GatewayConfigErrorCode = 'invalid_config' | 'config_not_found';

/**
 * A config file that cannot be used. The message lists every issue, one `<file>: <path>:
 * <message>` line each (`<file>:<line>:<column>: <message>` for syntax errors), so the operator
 * fixes them all in one go. No message ever holds a value from the file or the environment:
 * they are safe to log, even when a secret was misplaced.
 */
export class GatewayConfigError extends Error {
	readonly code: GatewayConfigErrorCode;
	readonly file: string;
	readonly issues: ConfigIssue[];

	constructor(
		file: string,
		issues: ConfigIssue[],
		code: GatewayConfigErrorCode = 'invalid_config',
	) {
		super(
			code === 'config_not_found'
				? issues.map((issue) => issue.message).join('\n')
				: issues.map((issue) => issueLine(file, issue)).join('\n'),
		);
		this.name = 'GatewayConfigError';
		this.code = code;
		this.file = file;
		this.issues = issues;
	}
}

function issueLine(file: string, issue: ConfigIssue): string {
	const where = issue.line === undefined ? file : `${file}:${issue.line}:${issue.column ?? 1}`;
	return issue.path === ''
		? `${where}: ${issue.message}`
		: `${where}: ${issue.path}: ${issue.message}`;
}
