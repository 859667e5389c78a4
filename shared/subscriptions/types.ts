/** An HTTP call described as data; each platform executes it with its own client. */
export interface RequestDescription {
	method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
	url: string;
	headers: Record<string, string>;
	body?: unknown;
}

/** What came back, in the shape every client can produce. */
export interface ResponseDescription {
	status: number;
	headers?: Record<string, string | string[] | number | undefined>;
	/** Parsed JSON where the response was JSON, else the text (or undefined when empty). */
	body: unknown;
}

/** The user's credentials: keys as the profile's `api.credentials` name them. */
export interface Credentials {
	apiKey: string;
	/** Point the client at a self-hosted or reference instance instead of the real API. */
	baseUrl?: string;
	[key: string]: string | undefined;
}

/** A subscription as the provider lists it. */
export interface Subscription {
	id: string;
	url: string;
	events: string[];
	active: boolean;
}

export interface SubscribeArgs {
	url: string;
	events: readonly string[];
	/** For providers where the subscriber picks the secret; generated when omitted. */
	secret?: string;
	description?: string;
}
