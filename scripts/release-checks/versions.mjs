// One version for everything released together: the root, @hookbridge/core, hookbridge, the n8n
// package and the Zapier apps carry the version of CHANGELOG.md's latest entry; the CLI depends
// on exactly that core and on the root's own versions of everything else; one `engines` range.

/** Problems with a set of manifests ({ name: manifest }) and the changelog's text; [] if none. */
export function versionProblems({ root, core, cli, n8n, zapier }, changelog) {
	const problems = [];
	const latest = /^## \[?(\d+\.\d+\.\d+[^\]\s]*)\]?/m.exec(changelog)?.[1];
	if (!latest) problems.push('CHANGELOG.md has no "## <version>" entry');
	const version = root.version;
	if (latest && latest !== version) {
		problems.push(`CHANGELOG.md's latest entry is ${latest}, the packages are ${version}`);
	}
	const released = { core, cli, n8n, ...zapier };
	for (const [name, manifest] of Object.entries(released)) {
		if (manifest.version !== version)
			problems.push(`${name} is ${manifest.version}, not ${version}`);
		if (manifest.engines?.node !== root.engines.node) {
			problems.push(
				`${name}'s engines.node is ${manifest.engines?.node}, not ${root.engines.node}`,
			);
		}
	}
	const coreDependency = cli.dependencies?.['@hookbridge/core'];
	if (coreDependency !== version) {
		problems.push(`hookbridge depends on @hookbridge/core ${coreDependency}, not ${version}`);
	}
	const shared = { ...core.dependencies, ...cli.dependencies, ...cli.optionalDependencies };
	for (const [name, range] of Object.entries(shared)) {
		if (name === '@hookbridge/core') continue;
		const pinned = root.dependencies?.[name];
		if (pinned !== range) problems.push(`${name} is ${range} in a package, ${pinned} at the root`);
	}
	return problems;
}

/** The check refuses what it is for: a planted version and a planted dependency are caught. */
export function versionsSelfTest(manifests, changelog) {
	const planted = [
		{ ...manifests, n8n: { ...manifests.n8n, version: '9.9.9' } },
		{
			...manifests,
			cli: { ...manifests.cli, dependencies: { ...manifests.cli.dependencies, zod: '^3' } },
		},
	];
	for (const wrong of planted) {
		if (versionProblems(wrong, changelog).length === 0) {
			throw new Error('the versions check let a planted mismatch through');
		}
	}
	if (versionProblems(manifests, '# Changelog\n\n## 0.0.1\n').length === 0) {
		throw new Error('the versions check let a stale CHANGELOG.md through');
	}
}
