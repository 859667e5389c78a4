import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { GatewayStatus } from '../store/gateway-store';

const QUEUE_STATES = ['queued', 'inFlight', 'delivered', 'failing', 'dead'] as const;

/**
 * The gateway's Prometheus metrics, in a registry of its own (several gateways can run in one
 * process, as the tests do). Labels are source and destination ids and error codes only:
 * never an event id (unbounded) and never a secret. Queue sizes come from the store when
 * scraped, so they hold across instances that share it.
 */
export class GatewayMetrics {
	readonly registry = new Registry();
	readonly received = this.counter('hookbridge_gateway_received_total', 'Events accepted', [
		'source',
	]);
	readonly duplicates = this.counter(
		'hookbridge_gateway_duplicates_total',
		'Deliveries of an event already accepted (answered 200, nothing enqueued)',
		['source'],
	);
	readonly refused = this.counter(
		'hookbridge_gateway_refused_total',
		'Deliveries refused, by error code',
		['source', 'code'],
	);
	readonly attempts = this.counter(
		'hookbridge_gateway_relay_attempts_total',
		'Relay attempts, by outcome (delivered, retry, dead, paused)',
		['destination', 'outcome'],
	);
	readonly ackSeconds = new Histogram({
		name: 'hookbridge_gateway_ack_seconds',
		help: 'From the last body byte to the answer: verify, durable enqueue, ack',
		labelNames: ['source'],
		buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
		registers: [this.registry],
	});

	constructor(status: () => Promise<GatewayStatus>) {
		new Gauge({
			name: 'hookbridge_gateway_relays',
			help: 'Relays in the store by state (queued, inFlight, delivered, failing, dead)',
			labelNames: ['destination', 'state'],
			registers: [this.registry],
			async collect() {
				this.reset();
				const { destinations } = await status();
				for (const [destination, counts] of Object.entries(destinations)) {
					for (const state of QUEUE_STATES) this.set({ destination, state }, counts[state]);
				}
			},
		});
	}

	private counter<L extends string>(name: string, help: string, labelNames: L[]): Counter<L> {
		return new Counter({ name, help, labelNames, registers: [this.registry] });
	}
}
