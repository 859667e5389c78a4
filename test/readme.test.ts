import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { profiles } from '../shared';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

test('the README lists every assumption every profile makes', () => {
	for (const profile of Object.values(profiles)) {
		for (const assumption of profile.assumptions) expect(readme).toContain(`- ${assumption}`);
	}
});
