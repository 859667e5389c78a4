export { catalogRequest, parseCatalogResponse, type CatalogEntry } from './event-catalog';
export { generateSecret } from './generate-secret';
export {
	listAllSubscriptions,
	listRequest,
	parseListResponse,
	toSubscription,
	type SubscriptionPage,
} from './list-subscriptions';
export {
	ensureSubscription,
	removeSubscription,
	type ExecuteRequest,
	type HookRecord,
	type WantedHook,
} from './ensure-subscription';
export { parseJsonText } from './parse-json-text';
export { isSuccess, responseError } from './response-error';
export { parseSubscribeResponse, subscribeRequest, type SubscribeRequest } from './subscribe';
export { parseTestResponse, testRequest } from './test-webhook';
export type * from './types';
export { parseUnsubscribeResponse, unsubscribeRequest } from './unsubscribe';
export {
	parseUpdateResponse,
	updateRequest,
	type SubscriptionChanges,
} from './update-subscription';
