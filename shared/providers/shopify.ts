import { loadProfile } from '../profile-file/load-profile';
import type { ProfileFileInput } from '../profile-file/profile-file-schema';
import type { Profile } from './profile';

// Shopify webhooks over HTTPS (shopify.dev/docs/apps/build/webhooks), as profile-file data. The
// body is the resource itself (an order, a product, the shop), in the subscription's API
// version; topic, shop, event id and time travel in X-Shopify-* headers.

const shopId = { type: 'integer', description: 'Shopify resource ids are 64-bit integers' };
const money = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$', description: 'A decimal amount' };

const customer = {
	id: 7390123456789,
	email: 'dana@example.com',
	created_at: '2026-02-24T15:59:58-05:00',
	updated_at: '2026-02-24T16:00:00-05:00',
	first_name: 'Dana',
	last_name: 'Ortiz',
	state: 'disabled',
	note: null,
	verified_email: true,
	tax_exempt: false,
	phone: '+14155550123',
	currency: 'USD',
	tags: '',
	admin_graphql_api_id: 'gid://shopify/Customer/7390123456789',
	default_address: {
		id: 9051234567890,
		customer_id: 7390123456789,
		first_name: 'Dana',
		last_name: 'Ortiz',
		address1: '123 Main St',
		city: 'Ottawa',
		province: 'Ontario',
		country: 'Canada',
		zip: 'K1P 1J1',
		country_code: 'CA',
		default: true,
	},
};

const order = {
	id: 5678901234567,
	admin_graphql_api_id: 'gid://shopify/Order/5678901234567',
	app_id: 580111,
	browser_ip: '203.0.113.7',
	buyer_accepts_marketing: false,
	cancel_reason: null,
	cancelled_at: null,
	confirmation_number: 'K7Q2XZ9MB',
	confirmed: true,
	contact_email: 'dana@example.com',
	created_at: '2026-02-24T16:00:00-05:00',
	currency: 'USD',
	current_total_price: '54.50',
	email: 'dana@example.com',
	financial_status: 'pending',
	fulfillment_status: null,
	name: '#1001',
	order_number: 1001,
	presentment_currency: 'USD',
	processed_at: '2026-02-24T16:00:00-05:00',
	subtotal_price: '49.00',
	tags: '',
	test: false,
	total_discounts: '0.00',
	total_price: '54.50',
	total_tax: '5.50',
	updated_at: '2026-02-24T16:00:01-05:00',
	customer: {
		id: 7390123456789,
		email: 'dana@example.com',
		first_name: 'Dana',
		last_name: 'Ortiz',
	},
	line_items: [
		{
			id: 13456789012345,
			admin_graphql_api_id: 'gid://shopify/LineItem/13456789012345',
			name: 'Linen Shirt - M',
			price: '49.00',
			product_id: 8123456789012,
			quantity: 1,
			sku: 'LS-M-NAT',
			title: 'Linen Shirt',
			variant_id: 44123456789012,
			variant_title: 'M',
			vendor: 'Acme Apparel',
		},
	],
	shipping_address: {
		first_name: 'Dana',
		last_name: 'Ortiz',
		address1: '123 Main St',
		city: 'Ottawa',
		province: 'Ontario',
		country: 'Canada',
		zip: 'K1P 1J1',
		country_code: 'CA',
	},
};

const product = {
	id: 8123456789012,
	admin_graphql_api_id: 'gid://shopify/Product/8123456789012',
	title: 'Linen Shirt',
	body_html: '<p>A breathable linen shirt.</p>',
	vendor: 'Acme Apparel',
	product_type: 'Shirts',
	created_at: '2026-01-12T10:15:00-05:00',
	handle: 'linen-shirt',
	updated_at: '2026-02-24T16:00:00-05:00',
	published_at: '2026-01-12T10:20:00-05:00',
	status: 'active',
	published_scope: 'global',
	tags: 'linen, summer',
	variants: [
		{
			id: 44123456789012,
			product_id: 8123456789012,
			title: 'M',
			price: '49.00',
			sku: 'LS-M-NAT',
			position: 1,
			inventory_quantity: 12,
			admin_graphql_api_id: 'gid://shopify/ProductVariant/44123456789012',
		},
	],
	options: [{ id: 10456789012345, product_id: 8123456789012, name: 'Size', values: ['M'] }],
	images: [],
};

const shop = {
	id: 68123456789,
	name: 'Acme Apparel',
	email: 'owner@acme-apparel.example',
	domain: 'acme-apparel.example',
	province: 'Ontario',
	country: 'CA',
	address1: '150 Elgin St',
	zip: 'K2P 1L4',
	city: 'Ottawa',
	phone: '+16135550100',
	created_at: '2025-06-01T09:00:00-04:00',
	updated_at: '2026-02-24T16:00:00-05:00',
	country_code: 'CA',
	currency: 'USD',
	customer_email: 'hello@acme-apparel.example',
	timezone: '(GMT-05:00) Eastern Time (US & Canada)',
	iana_timezone: 'America/Toronto',
	shop_owner: 'Alex Chen',
	plan_name: 'basic',
	plan_display_name: 'Basic',
	myshopify_domain: 'acme-apparel.myshopify.com',
};

const orderSchema = {
	type: 'object',
	required: ['id', 'admin_graphql_api_id', 'created_at', 'currency', 'total_price'],
	properties: {
		id: shopId,
		admin_graphql_api_id: { type: 'string', pattern: '^gid://shopify/Order/' },
		name: { type: 'string' },
		email: { type: ['string', 'null'] },
		created_at: { type: 'string', format: 'date-time' },
		currency: { type: 'string', pattern: '^[A-Z]{3}$' },
		total_price: money,
		financial_status: { type: ['string', 'null'] },
		line_items: {
			type: 'array',
			items: {
				type: 'object',
				required: ['id', 'quantity'],
				properties: { id: shopId, quantity: { type: 'integer' }, price: money },
			},
		},
	},
};

export const shopifyFile: ProfileFileInput = {
	id: 'shopify',
	name: 'Shopify',
	docsUrl: 'https://shopify.dev/docs/apps/build/webhooks',
	manualSetup:
		"An app subscribes to topics in shopify.app.toml ([[webhooks.subscriptions]] with this URL as uri) or through the Admin API, and its deliveries are signed with the app's client secret (Dev Dashboard → the app → Settings). Webhooks a merchant makes in the store admin (Settings → Notifications → Webhooks → Create webhook, format JSON) are signed with the key shown on that page instead.",
	signature: {
		algorithm: 'sha256',
		header: 'x-shopify-hmac-sha256',
		format: 'value',
		prefix: '',
		encoding: 'base64',
		key: 'utf8',
		content: [{ part: 'body' }],
		timestampWindow: 'both',
		compactJsonFallback: false,
	},
	envelope: {
		// The event id is shared by the deliveries of one event; the webhook id is the older,
		// per-delivery one, kept on retries.
		id: [{ header: 'x-shopify-event-id' }, { header: 'x-shopify-webhook-id' }],
		type: [{ header: 'x-shopify-topic' }],
		occurredAt: [{ header: 'x-shopify-triggered-at' }],
		deliveryId: [{ header: 'x-shopify-webhook-id' }],
		accountId: [{ header: 'x-shopify-shop-domain' }],
		// Shopify bodies are the resource itself: the whole body is the data.
		dataKey: '',
		flatKeys: [],
	},
	events: [
		{
			type: 'orders/create',
			title: 'Order Created',
			description: 'An order was placed',
			schema: orderSchema,
			sample: order,
		},
		{
			type: 'orders/paid',
			title: 'Order Paid',
			description: "An order's payment was completed (financial_status became paid)",
			schema: orderSchema,
			sample: { ...order, financial_status: 'paid', updated_at: '2026-02-24T16:00:05-05:00' },
		},
		{
			type: 'products/update',
			title: 'Product Updated',
			description: 'A product, or one of its variants, was changed',
			schema: {
				type: 'object',
				required: ['id', 'admin_graphql_api_id', 'title', 'updated_at'],
				properties: {
					id: shopId,
					admin_graphql_api_id: { type: 'string', pattern: '^gid://shopify/Product/' },
					title: { type: 'string' },
					handle: { type: 'string' },
					status: { enum: ['active', 'archived', 'draft'] },
					updated_at: { type: 'string', format: 'date-time' },
					variants: {
						type: 'array',
						items: { type: 'object', required: ['id'], properties: { id: shopId } },
					},
				},
			},
			sample: product,
		},
		{
			type: 'customers/create',
			title: 'Customer Created',
			description: 'A customer account was created',
			schema: {
				type: 'object',
				required: ['id', 'admin_graphql_api_id', 'created_at'],
				properties: {
					id: shopId,
					admin_graphql_api_id: { type: 'string', pattern: '^gid://shopify/Customer/' },
					email: { type: ['string', 'null'] },
					first_name: { type: ['string', 'null'] },
					last_name: { type: ['string', 'null'] },
					created_at: { type: 'string', format: 'date-time' },
				},
			},
			sample: customer,
		},
		{
			type: 'app/uninstalled',
			title: 'App Uninstalled',
			description: 'The shop uninstalled the app; the body is the shop',
			schema: {
				type: 'object',
				required: ['id', 'myshopify_domain'],
				properties: {
					id: shopId,
					name: { type: 'string' },
					domain: { type: ['string', 'null'] },
					myshopify_domain: { type: 'string', pattern: '\\.myshopify\\.com$' },
				},
			},
			sample: shop,
		},
	],
	openCatalog: true,
	testEventTypes: [],
	delivery: {
		timeoutMs: 5_000,
		// 8 retries over 4 hours with exponential backoff (Shopify's changelog, 2024-09); the
		// intervals themselves are not published.
		retryDelaysSeconds: [60, 120, 240, 480, 960, 1_920, 3_840, 6_780],
		retryWindowSeconds: 4 * 3_600,
		autoDisableAfter: 8,
		disableOnStatus: [],
		httpsOnly: true,
		userAgent: 'Shopify-Captain-Hook',
	},
	secret: { origin: 'provider', prefix: 'shpss_', encoding: 'hex', bytes: 16, optional: false },
	assumptions: [
		'X-Shopify-Event-Id is not signed and Shopify signs no timestamp: a captured delivery sent again under another event id is accepted again; dedupe cannot tell it from a new one.',
		"The key is the app's client secret as UTF-8 text; store-admin webhooks are signed with the key their page shows, which Shopify's own library also cannot verify with the client secret.",
		'X-Shopify-Event-Id is the event id (Shopify says to dedupe on it); deliveries without it fall back to X-Shopify-Webhook-Id.',
		'Event types are X-Shopify-Topic values as sent (orders/create), not the GraphQL enum (ORDERS_CREATE).',
		'The account is X-Shopify-Shop-Domain (shop.myshopify.com).',
		'The retry intervals are approximate: Shopify publishes only "8 times over 4 hours" with exponential backoff.',
		'After 8 consecutive failures Shopify deletes subscriptions made through the Admin API; subscriptions in the app configuration are kept.',
		'Only HTTPS deliveries are signed this way; Google Pub/Sub and Amazon EventBridge deliveries are out of scope.',
		'Client secrets look like shpss_ followed by 32 hex characters.',
	],
};

export const shopify: Profile = loadProfile(shopifyFile, 'The built-in shopify profile');
