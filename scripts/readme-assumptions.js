#!/usr/bin/env node
'use strict';
// Rewrites the README's generated sections (run `npm run docs`): the assumptions from the
// profiles, and the gateway config reference from its schema. The README test fails when
// either drifts apart from the code.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { profiles } = require('../dist/shared');
const { configReference } = require('../dist/gateway/config/config-reference');

const file = join(__dirname, '..', 'README.md');
const assumptions = Object.values(profiles).map(
	(p) => `### ${p.name} (\`${p.id}\`)\n\n${p.assumptions.map((a) => `- ${a}`).join('\n')}`,
);

function replaceBetween(text, name, content) {
	const start = `<!-- ${name}:start -->`;
	const end = `<!-- ${name}:end -->`;
	const before = text.slice(0, text.indexOf(start) + start.length);
	const after = text.slice(text.indexOf(end));
	return `${before}\n\n${content}\n\n${after}`;
}

let readme = readFileSync(file, 'utf8');
readme = replaceBetween(readme, 'assumptions', assumptions.join('\n\n'));
readme = replaceBetween(readme, 'gateway-config', configReference().trimEnd());
writeFileSync(file, readme);
