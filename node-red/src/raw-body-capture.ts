import { BodyTooLargeError, readBody } from '../../cli/http/read-body';
import { DEFAULT_MAX_BYTES } from '../../shared/receive/receive';
import type { HttpRouter, Request } from './node-red-types';

type Next = (error?: unknown) => void;
type Middleware = (req: Request, res: unknown, next: Next) => void;
interface App {
	parent?: App;
	use?(middleware: Middleware): void;
	_router?: { stack: Array<{ handle?: unknown }> };
	router?: { stack: Array<{ handle?: unknown }> };
}

/** What the capture leaves on a request for a node's route: its bytes, or that it was too large. */
export interface CapturedRequest extends Request {
	hookbridgeRawBody?: Buffer;
	hookbridgeTooLarge?: boolean;
}

// Per root app: each captured path and how many nodes use it (two nodes may share a path).
const captures = new WeakMap<object, Map<string, number>>();

/**
 * Node-RED serves its editor's admin API at the same root as httpNode by default, and that API
 * parses every JSON body first: by the time a node's route runs, the bytes the provider signed
 * are gone. So, as Node-RED's own `http in` does for "skip body parsing", a middleware at the
 * top of the root app's stack reads the raw body of requests to the nodes' paths (up to the
 * size limit) before any parser, and marks them parsed (`_body`) so no parser reads them again.
 * Returns the function that stops capturing `fullPath`. Without a root app (an httpNode served
 * on its own) nothing is installed and the route reads the stream itself.
 */
export function captureRawBodies(router: HttpRouter, fullPath: string): () => void {
	const root = rootApp(router as unknown as App);
	if (!root?.use || !routerOf(root)) return () => undefined;
	let paths = captures.get(root);
	if (!paths) {
		const known = new Map<string, number>();
		paths = known;
		captures.set(root, known);
		const capture: Middleware = (req, _res, next) => {
			if (req.method !== 'POST' || !known.has(pathOf(req.url))) return next();
			const captured = req as CapturedRequest;
			readBody(req, DEFAULT_MAX_BYTES).then(
				(body) => {
					captured.hookbridgeRawBody = body;
					(req as { _body?: boolean })._body = true;
					next();
				},
				(error: unknown) => {
					if (!(error instanceof BodyTooLargeError)) return next(error);
					captured.hookbridgeTooLarge = true;
					(req as { _body?: boolean })._body = true;
					next();
				},
			);
		};
		root.use(capture);
		const stack = routerOf(root)?.stack ?? [];
		const at = stack.findIndex((layer) => layer.handle === capture);
		if (at > 0) stack.unshift(...stack.splice(at, 1));
	}
	// Express matches routes case-insensitively and without a trailing slash: so does the key.
	const key = pathOf(fullPath);
	paths.set(key, (paths.get(key) ?? 0) + 1);
	return () => {
		const left = (paths.get(key) ?? 1) - 1;
		if (left > 0) paths.set(key, left);
		else paths.delete(key);
	};
}

/** Express 4 keeps an app's router as `_router`, Express 5 as `router`. */
function routerOf(app: App): { stack: Array<{ handle?: unknown }> } | undefined {
	// _router first: Express 4's `router` getter throws ("app.router is deprecated").
	return app._router ?? app.router;
}

function rootApp(app: App | undefined): App | undefined {
	if (!app?.parent) return undefined;
	let root: App = app.parent;
	while (root.parent) root = root.parent;
	return root;
}

/** `/hooks/acme/?x=1` → `/hooks/acme`: the path as routes are keyed (no query, no trailing slash). */
function pathOf(url: string | undefined): string {
	const path = (url ?? '/').split('?')[0] ?? '/';
	return path
		.toLowerCase()
		.replace(/\/{2,}/g, '/')
		.replace(/(.)\/$/, '$1');
}
