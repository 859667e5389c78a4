import type { IncomingMessage, ServerResponse } from 'node:http';

// The slice of Node-RED's runtime API the node uses, typed here: Node-RED ships no types of
// its own, and @types/node-red would pin another Node-RED's idea of the API.

export interface NodeRedContext {
	get(key: string): unknown;
	set(key: string, value: unknown): void;
}

export interface NodeRedNode {
	id: string;
	credentials?: Record<string, string | undefined>;
	send(msg: Record<string, unknown>): void;
	status(status: { fill?: string; shape?: string; text?: string }): void;
	warn(message: string): void;
	error(message: string): void;
	context(): NodeRedContext;
	on(event: 'close', handler: (removed: boolean, done: () => void) => void): void;
}

export type Request = IncomingMessage & {
	originalUrl?: string;
	body?: unknown;
	headersDistinct?: Record<string, string[]>;
};
export type Response = ServerResponse & {
	status(code: number): Response;
	json(body: unknown): Response;
};
export type Handler = (req: Request, res: Response) => void;

export interface HttpRouter {
	post(path: string, handler: Handler): void;
	_router?: {
		stack: Array<{ route?: { path: string; methods: Record<string, boolean> }; handle?: unknown }>;
	};
}

export interface NodeRedApi {
	nodes: {
		createNode(node: object, config: object): void;
		registerType(
			type: string,
			constructor: (this: NodeRedNode, config: NodeConfig) => void,
			options: { credentials: Record<string, { type: 'text' | 'password' }> },
		): void;
	};
	httpNode: HttpRouter;
	settings: { httpNodeRoot?: string | false };
}

/** What the editor saves for the node (its `defaults`). */
export interface NodeConfig {
	id: string;
	name?: string;
	/** A built-in profile id, or empty when a profile file is named. */
	provider?: string;
	profileFile?: string;
	path?: string;
	/** The address the provider reaches Node-RED at (API providers subscribe it; URL signing). */
	publicUrl?: string;
	baseUrl?: string;
	/** Comma-separated event types. */
	events?: string;
	ignoreDuplicates?: boolean;
	dataOnly?: boolean;
}
