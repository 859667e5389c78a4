import type { Handler, HttpRouter } from './node-red-types';

/** `webhooks/acme` → `/webhooks/acme`, without a trailing slash (Node-RED's http in does so). */
export function routePath(path: string | undefined): string {
	const trimmed = (path ?? '').trim().replace(/\/+$/, '');
	return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

/**
 * POST `path` on Node-RED's HTTP app, without body parsing: the handler reads the raw bytes
 * itself, since a parsed and re-serialised body would not match the provider's signature.
 * Returns the function that removes the route again (on close), as http in does: Express 4
 * has no call to remove a route, so its layer is taken out of the router's stack.
 */
export function addRoute(router: HttpRouter, path: string, handler: Handler): () => void {
	router.post(path, handler);
	return () => {
		const stack = router._router?.stack ?? [];
		for (let i = stack.length - 1; i >= 0; i--) {
			const route = stack[i]?.route;
			if (route?.path === path && route.methods.post && routeHandles(stack[i], handler)) {
				stack.splice(i, 1);
			}
		}
	};
}

function routeHandles(layer: unknown, handler: Handler): boolean {
	const route = (layer as { route?: { stack?: Array<{ handle?: unknown }> } }).route;
	return (route?.stack ?? []).some((inner) => inner.handle === handler);
}
