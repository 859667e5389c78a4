import zapier from 'zapier-platform-core';
import { getProfile } from '../../shared';
import { createApp } from '../../zapier/src/create-app';
import { triggerKey } from '../../zapier/src/hook-triggers';

export type AnyFn = (...args: never[]) => unknown;
type App = ReturnType<typeof createApp>;

export function appFor(provider: string): App {
	return createApp(getProfile(provider), { version: '0.1.0', platformVersion: zapier.version });
}

/** A trigger's operation; appTester finds its functions inside the app by identity. */
export function operation(app: App, typeOrKey: string) {
	const trigger = app.triggers[typeOrKey] ?? app.triggers[triggerKey(typeOrKey)];
	if (!trigger) throw new Error(`no trigger ${typeOrKey}`);
	return trigger.operation as typeof trigger.operation & {
		performSubscribe?: AnyFn;
		performUnsubscribe?: AnyFn;
	};
}

/** Headers as Zapier hands them to perform: `Http-` + Camel-Case, except Content-Type/-Length. */
export function zapierHeaders(
	headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, value] of Object.entries(headers)) {
		if (value === undefined) continue;
		const camel = name
			.toLowerCase()
			.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase());
		out[/^content-(type|length)$/i.test(name) ? camel : `Http-${camel}`] = Array.isArray(value)
			? value.join(', ')
			: value;
	}
	return out;
}

export function hookBundle(options: {
	content: string;
	headers: Record<string, string>;
	secret?: string;
	authData?: Record<string, string>;
	inputData?: Record<string, unknown>;
}) {
	return {
		authData: options.authData ?? {},
		inputData: options.inputData ?? {},
		...(options.secret ? { subscribeData: { id: 'sub_1', secret: options.secret } } : {}),
		targetUrl: 'https://hooks.zapier.com/hooks/standard/1/abc/',
		rawRequest: {
			method: 'POST' as const,
			querystring: '',
			headers: zapierHeaders(options.headers),
			content: options.content,
		},
	};
}

/** appTester with loose types: tests hand it bundles shaped like Zapier's real ones. */
export function appTester(app: App): (fn: unknown, bundle: object) => Promise<unknown> {
	const tester = zapier.createAppTester(app as never);
	return (fn, bundle) => tester(fn as never, bundle as never) as Promise<unknown>;
}
