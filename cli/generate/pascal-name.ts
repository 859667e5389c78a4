/** `acme-cloud` → `AcmeCloud`: the class and file names platforms expect. */
export function pascalName(id: string): string {
	return id
		.split('-')
		.map((word) => (word[0] ?? '').toUpperCase() + word.slice(1))
		.join('');
}
