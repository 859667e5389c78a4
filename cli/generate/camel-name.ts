import { pascalName } from './pascal-name';

/** `acme-cloud` → `acmeCloud`: the export name of a built-in profile's module. */
export function camelName(id: string): string {
	const pascal = pascalName(id);
	return (pascal[0] ?? '').toLowerCase() + pascal.slice(1);
}
