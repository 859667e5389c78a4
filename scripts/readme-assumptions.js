#!/usr/bin/env node
'use strict';
// Rewrites the README's assumptions section from the profiles (run `npm run docs`); the
// README test fails when they drift apart.
const { readFileSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { profiles } = require('../dist/shared');

const file = join(__dirname, '..', 'README.md');
const start = '<!-- assumptions:start -->';
const end = '<!-- assumptions:end -->';
const sections = Object.values(profiles).map(
	(p) => `### ${p.name} (\`${p.id}\`)\n\n${p.assumptions.map((a) => `- ${a}`).join('\n')}`,
);
const readme = readFileSync(file, 'utf8');
const before = readme.slice(0, readme.indexOf(start) + start.length);
const after = readme.slice(readme.indexOf(end));
writeFileSync(file, `${before}\n\n${sections.join('\n\n')}\n\n${after}`);
