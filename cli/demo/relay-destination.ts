import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_MAX_BYTES, receive, relayProfile, WebhookError } from '@hookbridge/core';
import { readBody } from '../http/read-body';

/** The path relays are posted to; any other is answered 404. */
export const RELAY_PATH = '/relay';

/**
 * The demo's stand-in for a Zapier/n8n/Make catch hook: it verifies every relay with receive()
 * and the relay profile, and while `down` answers 503 without reading it.
 */
export class RelayDestination {
	down = true;
	/** Requests answered 503 because the destination was down. */
	refused = 0;
	/** Requests whose signature or body receive() refused: any is a relay bug. */
	rejected = 0;
	/** Ids of the provider events that arrived verified (the relayed envelope's `id`). */
	readonly arrived = new Set<string>();
	private readonly server = createServer((request, response) => this.handle(request, response));

	/** @param secret The relay secret (`whsec_…`) the relays are signed with, given to both sides. */
	private constructor(readonly secret: string) {}

	static async start(secret: string): Promise<RelayDestination> {
		const destination = new RelayDestination(secret);
		await new Promise<void>((resolve, reject) => {
			destination.server.once('error', reject);
			destination.server.listen(0, '127.0.0.1', resolve);
		});
		return destination;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${RELAY_PATH}`;
	}

	close(): Promise<void> {
		return new Promise((resolve) => {
			this.server.closeAllConnections();
			this.server.close(() => resolve());
		});
	}

	private handle(request: IncomingMessage, response: ServerResponse): void {
		// Decided on arrival, so `refused` counts exactly the attempts made while down.
		const status = request.url !== RELAY_PATH ? 404 : this.down ? 503 : undefined;
		if (status === 503) this.refused += 1;
		if (status !== undefined) {
			request.resume().on('end', () => answer(response, status));
			return;
		}
		readBody(request, DEFAULT_MAX_BYTES)
			.then((body) => this.verify(request, body))
			.then(
				(verified) => answer(response, verified),
				() => {
					this.rejected += 1;
					answer(response, 500);
				},
			);
	}

	private async verify(request: IncomingMessage, body: Buffer): Promise<number> {
		try {
			await receive(
				relayProfile,
				{ headers: request.headersDistinct, body },
				// Retries of one relay are counted once below, by the event's id.
				{ secrets: [this.secret], dedupe: false },
			);
		} catch (error) {
			if (!(error instanceof WebhookError)) throw error;
			this.rejected += 1;
			return error.status;
		}
		// Verified bytes: parsing them now is safe. The relayed envelope carries the provider's id.
		this.arrived.add(String((JSON.parse(body.toString('utf8')) as { id: unknown }).id));
		return 200;
	}
}

function answer(response: ServerResponse, status: number): void {
	response.writeHead(status, { 'content-type': 'application/json' });
	response.end(JSON.stringify(status === 200 ? { received: true } : { error: { status } }));
}
