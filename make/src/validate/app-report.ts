export interface AppReport {
	/** Files read and checked (the manifest included). */
	checked: string[];
	/** One line per problem: `<file>[ <JSON pointer>]: <message>`. Empty = valid. */
	errors: string[];
}

/** Records one problem; `at` is a JSON pointer in the file, or null for the file as a whole. */
export type Fail = (file: string, at: string | null, message: string) => void;

/** The line of an AppReport that says one problem; the root pointer `""` is shown as `/`. */
export const problemLine = (file: string, at: string | null, message: string): string =>
	`${file}${at === null ? '' : ` ${at || '/'}`}: ${message}`;
