import { loadProfile } from '../profile-file/load-profile';
import type { ProfileFileInput } from '../profile-file/profile-file-schema';
import type { Profile } from './profile';

// Stripe webhook endpoints (docs.stripe.com/webhooks), as profile-file data. Every delivery is
// one Event object, `{ id, object: 'event', type, created, data: { object }, livemode, … }`,
// signed in Stripe-Signature as `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`.

const CREATED = 1771966800; // 2026-02-24T21:00:00Z

/** The Event wrapper Stripe puts around every object (snapshot events, API version 2025-01-27). */
function event(
	id: string,
	type: string,
	object: Record<string, unknown>,
	extra: Record<string, unknown> = {},
): Record<string, unknown> {
	return {
		id,
		object: 'event',
		api_version: '2025-01-27.acacia',
		created: CREATED,
		data: { object, ...extra },
		livemode: false,
		pending_webhooks: 1,
		request: { id: 'req_8Rk2mQ1v7ZtN0p', idempotency_key: 'f3b1c8e2-6a4d-4f0e-9b7a-2c5d8e1f4a90' },
		type,
	};
}

/** The data schema: `{ object }` where the object is of the given Stripe object type. */
function dataOf(
	objectType: string,
	required: string[],
	properties: Record<string, unknown>,
): Record<string, unknown> {
	return {
		type: 'object',
		required: ['object'],
		properties: {
			object: {
				type: 'object',
				required: ['id', 'object', ...required],
				properties: { id: { type: 'string' }, object: { const: objectType }, ...properties },
			},
			previous_attributes: { type: 'object' },
		},
	};
}

const amount = { type: 'integer', minimum: 0, description: 'In the smallest currency unit' };
const currency = { type: 'string', pattern: '^[a-z]{3}$' };
const nullableId = { type: ['string', 'null'] };

const paymentIntent = {
	id: 'pi_3QxR8vLkdIwHu7ix1aB2cD3e',
	object: 'payment_intent',
	amount: 2000,
	amount_capturable: 0,
	amount_received: 2000,
	capture_method: 'automatic_async',
	client_secret: 'pi_3QxR8vLkdIwHu7ix1aB2cD3e_secret_Zq9uVw3yX',
	confirmation_method: 'automatic',
	created: CREATED - 5,
	currency: 'usd',
	customer: 'cus_RqP4kL2mN8vT1x',
	description: 'Order #1001',
	last_payment_error: null,
	latest_charge: 'ch_3QxR8vLkdIwHu7ix1fG4hI5j',
	livemode: false,
	metadata: { order_id: '1001' },
	payment_method: 'pm_1QxR8uLkdIwHu7ixKl6mN7oP',
	payment_method_types: ['card'],
	status: 'succeeded',
};

const failedIntent = {
	...paymentIntent,
	id: 'pi_3QxR9aLkdIwHu7ix0qR8sT9u',
	client_secret: 'pi_3QxR9aLkdIwHu7ix0qR8sT9u_secret_Hn2bVc4xZ',
	amount_received: 0,
	latest_charge: 'ch_3QxR9aLkdIwHu7ix0vW1xY2z',
	last_payment_error: {
		charge: 'ch_3QxR9aLkdIwHu7ix0vW1xY2z',
		code: 'card_declined',
		decline_code: 'insufficient_funds',
		doc_url: 'https://docs.stripe.com/error-codes/card-declined',
		message: 'Your card has insufficient funds.',
		type: 'card_error',
	},
	status: 'requires_payment_method',
};

const refundedCharge = {
	id: 'ch_3QxR8vLkdIwHu7ix1fG4hI5j',
	object: 'charge',
	amount: 2000,
	amount_captured: 2000,
	amount_refunded: 2000,
	balance_transaction: 'txn_3QxR8vLkdIwHu7ix1Jk2Lm3n',
	captured: true,
	created: CREATED - 3600,
	currency: 'usd',
	customer: 'cus_RqP4kL2mN8vT1x',
	disputed: false,
	livemode: false,
	metadata: { order_id: '1001' },
	paid: true,
	payment_intent: 'pi_3QxR8vLkdIwHu7ix1aB2cD3e',
	payment_method: 'pm_1QxR8uLkdIwHu7ixKl6mN7oP',
	receipt_url: 'https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xTk',
	refunded: true,
	status: 'succeeded',
};

const subscription = {
	id: 'sub_1QxR7tLkdIwHu7ixAbCdEfGh',
	object: 'subscription',
	billing_cycle_anchor: CREATED,
	cancel_at_period_end: false,
	canceled_at: null,
	collection_method: 'charge_automatically',
	created: CREATED,
	currency: 'usd',
	current_period_end: CREATED + 2_678_400,
	current_period_start: CREATED,
	customer: 'cus_RqP4kL2mN8vT1x',
	ended_at: null,
	items: {
		object: 'list',
		data: [
			{
				id: 'si_RqP5aB6cD7eF8g',
				object: 'subscription_item',
				price: {
					id: 'price_1QxR6sLkdIwHu7ixPrO1234a',
					object: 'price',
					currency: 'usd',
					product: 'prod_RqP3zY9xW8vU7t',
					recurring: { interval: 'month', interval_count: 1 },
					unit_amount: 1500,
				},
				quantity: 1,
			},
		],
		has_more: false,
		url: '/v1/subscription_items?subscription=sub_1QxR7tLkdIwHu7ixAbCdEfGh',
	},
	latest_invoice: 'in_1QxR7tLkdIwHu7ixInV0ice1',
	livemode: false,
	metadata: {},
	status: 'active',
};

const invoice = {
	id: 'in_1QxR7tLkdIwHu7ixInV0ice1',
	object: 'invoice',
	account_country: 'US',
	amount_due: 1500,
	amount_paid: 1500,
	amount_remaining: 0,
	billing_reason: 'subscription_create',
	collection_method: 'charge_automatically',
	created: CREATED - 10,
	currency: 'usd',
	customer: 'cus_RqP4kL2mN8vT1x',
	customer_email: 'dana@example.com',
	hosted_invoice_url: 'https://invoice.stripe.com/i/acct_1Nv0FGLkdIwHu7ix/test_YWNjdF8xTnYwRkdM',
	livemode: false,
	number: 'A1B2C3D4-0001',
	paid: true,
	period_end: CREATED - 10,
	period_start: CREATED - 10,
	status: 'paid',
	subscription: 'sub_1QxR7tLkdIwHu7ixAbCdEfGh',
	total: 1500,
};

const intentSchema = dataOf('payment_intent', ['amount', 'currency', 'status'], {
	amount,
	currency,
	status: { type: 'string' },
	customer: nullableId,
	metadata: { type: 'object' },
});
const subscriptionSchema = dataOf('subscription', ['customer', 'status'], {
	customer: { type: 'string' },
	status: {
		enum: [
			'incomplete',
			'incomplete_expired',
			'trialing',
			'active',
			'past_due',
			'canceled',
			'unpaid',
			'paused',
		],
	},
	items: { type: 'object', properties: { data: { type: 'array' } } },
});

export const stripeFile: ProfileFileInput = {
	id: 'stripe',
	name: 'Stripe',
	docsUrl: 'https://docs.stripe.com/webhooks',
	manualSetup:
		'In the Stripe Dashboard open Developers → Webhooks (Workbench), click Add destination, pick the events and paste this URL as the endpoint URL. Then open the endpoint and reveal its Signing secret (whsec_…), and give that secret here.',
	signature: {
		algorithm: 'sha256',
		header: 'stripe-signature',
		format: 'fields',
		prefix: '',
		field: 'v1',
		encoding: 'hex',
		// whsec_… is used whole, as UTF-8 bytes: it is not base64 to decode.
		key: 'utf8',
		content: [{ part: 'timestamp' }, { part: 'text', text: '.' }, { part: 'body' }],
		timestampField: 't',
		// Stripe's own libraries refuse only old timestamps.
		timestampWindow: 'past',
		compactJsonFallback: false,
	},
	envelope: {
		// evt_… is the same on every retry of the event.
		id: [{ body: 'id' }],
		type: [{ body: 'type' }],
		occurredAt: [{ body: 'created' }],
		// Set on Connect events only: the connected account the event happened on.
		accountId: [{ body: 'account' }],
		dataKey: 'data',
		flatKeys: [],
	},
	events: [
		{
			type: 'payment_intent.succeeded',
			title: 'Payment Intent Succeeded',
			description: 'A PaymentIntent has successfully completed payment',
			schema: intentSchema,
			sample: event('evt_3QxR8vLkdIwHu7ix1Qw2Er3t', 'payment_intent.succeeded', paymentIntent),
		},
		{
			type: 'payment_intent.payment_failed',
			title: 'Payment Intent Payment Failed',
			description: 'A payment attempt on a PaymentIntent failed',
			schema: intentSchema,
			sample: event('evt_3QxR9aLkdIwHu7ix0Ty4Ui5o', 'payment_intent.payment_failed', failedIntent),
		},
		{
			type: 'charge.refunded',
			title: 'Charge Refunded',
			description: 'A charge was refunded, in whole or in part',
			schema: dataOf('charge', ['amount', 'amount_refunded', 'currency'], {
				amount,
				amount_refunded: amount,
				currency,
				refunded: { type: 'boolean' },
				payment_intent: nullableId,
			}),
			sample: event('evt_3QxR8vLkdIwHu7ix1Pa6Sd7f', 'charge.refunded', refundedCharge, {
				previous_attributes: { amount_refunded: 0, refunded: false },
			}),
		},
		{
			type: 'customer.subscription.created',
			title: 'Customer Subscription Created',
			description: 'A customer was signed up for a new plan',
			schema: subscriptionSchema,
			sample: event('evt_1QxR7tLkdIwHu7ixGh8Jk9Lz', 'customer.subscription.created', subscription),
		},
		{
			type: 'customer.subscription.deleted',
			title: 'Customer Subscription Deleted',
			description: "A customer's subscription ended",
			schema: subscriptionSchema,
			sample: event('evt_1QyS8uLkdIwHu7ixXc0Vb1Nm', 'customer.subscription.deleted', {
				...subscription,
				canceled_at: CREATED,
				ended_at: CREATED,
				status: 'canceled',
			}),
		},
		{
			type: 'invoice.paid',
			title: 'Invoice Paid',
			description: 'An invoice was paid, or marked paid out of band',
			schema: dataOf('invoice', ['customer', 'status'], {
				customer: { type: 'string' },
				status: { enum: ['draft', 'open', 'paid', 'uncollectible', 'void'] },
				amount_paid: amount,
				currency,
				subscription: nullableId,
			}),
			sample: event('evt_1QxR7uLkdIwHu7ixQw3Er4Ty', 'invoice.paid', invoice),
		},
	],
	openCatalog: true,
	testEventTypes: [],
	delivery: {
		timeoutMs: 20_000,
		// Live mode: exponential backoff for up to 3 days. Stripe publishes no intervals; these
		// (16 attempts in about 62 hours) are an approximation.
		retryDelaysSeconds: [
			60, 300, 900, 1_800, 3_600, 7_200, 14_400, 21_600, 21_600, 21_600, 21_600, 21_600, 21_600,
			21_600, 43_200,
		],
		retryWindowSeconds: 3 * 86_400,
		autoDisableAfter: null,
		disableOnStatus: [],
		httpsOnly: true,
		userAgent: 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
	},
	secret: { origin: 'provider', prefix: 'whsec_', encoding: 'base64', bytes: 24, optional: false },
	assumptions: [
		'Deliveries are snapshot events (the Event object with data.object); thin events (v2 event destinations) are accepted with the whole body as data and no known type.',
		'The whsec_… secret is the HMAC key as UTF-8 text, prefix included, as Stripe’s libraries use it.',
		'A timestamp in the future is accepted, as Stripe’s libraries accept it; only timestamps more than the tolerance (300 s) old are refused.',
		'The retry intervals are approximate: Stripe documents only exponential backoff for up to 3 days in live mode (3 retries over a few hours in a sandbox).',
		'The 20 s response timeout is assumed: Stripe documents none and asks for a quick 2xx.',
		'Stripe emails about, and may disable, endpoints that fail for days; no attempt count is documented, so autoDisableAfter is null.',
		'The account is the Connect account (body.account); events on the platform’s own account have none.',
		'Generated secrets are whsec_ followed by about 32 characters; their exact alphabet is not documented.',
		'Test-mode events (livemode false) are real activity in a sandbox, so they are not marked test.',
	],
};

export const stripe: Profile = loadProfile(stripeFile, 'The built-in stripe profile');
