import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { TriggerStrategy } from '@activepieces/pieces-framework';
import { profiles } from '../../shared';
import { activepiecesPiece } from '../../cli/generate/activepieces-piece';
import { camelName } from '../../cli/generate/camel-name';
import { builtInPieces } from '../../activepieces/src/built-in-pieces';

// The installable piece of every built-in profile, as `hookbridge generate activepieces
// --provider <id>` writes it: each loads as Activepieces loads a piece (its main module, the
// framework from its node_modules) and is the piece the in-repository factory makes: the same
// trigger, props, connection fields and catalog sample.
const ROOT = resolve(__dirname, '..', '..');
const folder = mkdtempSync(join(tmpdir(), 'hookbridge-pieces-'));

test.each(Object.keys(profiles))('@hookbridge/piece-%s', (id) => {
	const profile = profiles[id];
	if (!profile) throw new Error(id);
	const out = join(folder, id);
	for (const [path, content] of Object.entries(
		activepiecesPiece(profile, '0.0.0', `@hookbridge/piece-${id}`),
	)) {
		mkdirSync(dirname(join(out, path)), { recursive: true });
		writeFileSync(join(out, path), content);
	}
	mkdirSync(join(out, 'node_modules', '@activepieces'), { recursive: true });
	symlinkSync(
		join(ROOT, 'node_modules', '@activepieces', 'pieces-framework'),
		join(out, 'node_modules', '@activepieces', 'pieces-framework'),
		'dir',
	);
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(join(out, 'src', 'index.js')) as Record<
		string,
		{ metadata(): Record<string, unknown> }
	>;
	const loaded = module[camelName(id)]?.metadata() as {
		triggers: Record<string, { type: string; props: object; sampleData: unknown }>;
		auth: { props: object };
		minimumSupportedRelease: string;
	};
	const built = builtInPieces()[id]?.metadata() as typeof loaded;
	const [trigger] = Object.values(loaded.triggers);
	expect(trigger?.type).toBe(TriggerStrategy.WEBHOOK);
	expect(loaded.minimumSupportedRelease).toBe('0.82.0');
	expect(Object.keys(loaded.triggers)).toEqual(Object.keys(built.triggers));
	expect(Object.keys(trigger?.props ?? {})).toEqual(
		Object.keys(Object.values(built.triggers)[0]?.props ?? {}),
	);
	expect(Object.keys(loaded.auth.props)).toEqual(Object.keys(built.auth.props));
	expect(trigger?.sampleData).toEqual(Object.values(built.triggers)[0]?.sampleData);
});
