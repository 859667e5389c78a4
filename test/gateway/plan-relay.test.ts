import { planRelay, retryAfterSeconds } from '../../gateway/relay/plan-relay';

// The schedule below is the Standard Webhooks spec's recommendation after the first attempt,
// written out here rather than read from the code under test.
const SPEC_SCHEDULE = [5, 300, 1800, 7200, 18000, 36000, 36000];
const policy = { retrySchedule: SPEC_SCHEDULE, timeScale: 1 };
const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);

describe('planRelay', () => {
	test.each([200, 201, 204, 299])('%i is delivered', (status) => {
		expect(planRelay(policy, 0, { status }, NOW)).toEqual({
			kind: 'delivered',
			status,
			error: null,
			at: NOW,
		});
	});

	test.each([301, 302, 307, 400, 404, 500, 502])(
		'%i is a failure, retried on the schedule',
		(status) => {
			expect(planRelay(policy, 0, { status }, NOW)).toEqual({
				kind: 'retry',
				nextAt: NOW + 5_000,
				status,
				error: `HTTP ${status}`,
				at: NOW,
			});
		},
	);

	test('each retry waits the next delay of the schedule; after the last one the relay is dead', () => {
		const waits = SPEC_SCHEDULE.map((_, attempts) => {
			const outcome = planRelay(policy, attempts, { status: 500 }, NOW);
			return outcome.kind === 'retry' ? (outcome.nextAt - NOW) / 1000 : outcome.kind;
		});
		expect(waits).toEqual([5, 300, 1800, 7200, 18000, 36000, 36000]);
		expect(planRelay(policy, 7, { status: 500 }, NOW)).toMatchObject({ kind: 'dead' });
		expect(planRelay({ ...policy, retrySchedule: [] }, 0, { status: 500 }, NOW).kind).toBe('dead');
	});

	test('no answer is a failure with its reason', () => {
		expect(planRelay(policy, 1, { status: null, error: 'ECONNREFUSED' }, NOW)).toEqual({
			kind: 'retry',
			nextAt: NOW + 300_000,
			status: null,
			error: 'ECONNREFUSED',
			at: NOW,
		});
	});

	test('410 Gone pauses the destination and says so', () => {
		expect(planRelay(policy, 3, { status: 410 }, NOW)).toMatchObject({
			kind: 'paused',
			reason: expect.stringContaining('410'),
			status: 410,
		});
	});

	test('429 and 503 wait at least what Retry-After asks, in seconds or as a date', () => {
		expect(planRelay(policy, 0, { status: 429, retryAfter: '120' }, NOW)).toMatchObject({
			kind: 'retry',
			nextAt: NOW + 120_000,
		});
		const date = new Date(NOW + 90_000).toUTCString();
		expect(planRelay(policy, 0, { status: 503, retryAfter: date }, NOW)).toMatchObject({
			nextAt: NOW + 90_000,
		});
		// Shorter than the schedule: the schedule's delay still applies.
		expect(planRelay(policy, 1, { status: 429, retryAfter: '1' }, NOW)).toMatchObject({
			nextAt: NOW + 300_000,
		});
		// Only 429 and 503 are asked to be honoured.
		expect(planRelay(policy, 0, { status: 500, retryAfter: '120' }, NOW)).toMatchObject({
			nextAt: NOW + 5_000,
		});
	});

	test('the time scale divides every wait', () => {
		const fast = { retrySchedule: SPEC_SCHEDULE, timeScale: 1000 };
		expect(planRelay(fast, 1, { status: 500 }, NOW)).toMatchObject({ nextAt: NOW + 300 });
		expect(planRelay(fast, 0, { status: 429, retryAfter: '60' }, NOW)).toMatchObject({
			nextAt: NOW + 60,
		});
	});
});

describe('retryAfterSeconds', () => {
	test.each([
		[undefined, 0],
		['', 0],
		['soon', 0],
		['-5', 0],
		[' 30 ', 30],
		['99999999', 86_400],
	])('%p → %p', (value, seconds) => {
		expect(retryAfterSeconds(value, NOW)).toBe(seconds);
	});

	test('a date in the past is 0', () => {
		expect(retryAfterSeconds(new Date(NOW - 10_000).toUTCString(), NOW)).toBe(0);
	});
});
