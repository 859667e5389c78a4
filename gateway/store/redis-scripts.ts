import type Redis from 'ioredis';

// An event already recorded is a duplicate, counted at once, and nothing else is written.
const SEEN_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 then
	redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
	return 1
end
return 0`;

// Runs after the relays are enqueued: the marker, not the jobs, decides new versus duplicate.
const MARK_LUA = `
redis.call('SADD', KEYS[3], ARGV[2])
if redis.call('SET', KEYS[1], ARGV[3], 'NX', 'PX', ARGV[1]) then
	redis.call('HINCRBY', KEYS[2], 'received', 1)
	return 1
end
redis.call('HINCRBY', KEYS[2], 'duplicates', 1)
return 0`;

// One destination's counts in one atomic read. BullMQ keeps no "attempted" state, so the
// attempts hash says which pending relays are failing; an entry whose job finished (a settle
// that stopped between the BullMQ move and our bookkeeping) is dropped here.
const STATUS_LUA = `
local active = {}
for _, id in ipairs(redis.call('LRANGE', KEYS[5], 0, -1)) do active[id] = true end
local failing = 0
for _, id in ipairs(redis.call('HKEYS', KEYS[9])) do
	if not active[id] then
		if redis.call('ZSCORE', KEYS[6], id) or redis.call('ZSCORE', KEYS[7], id)
			or redis.call('EXISTS', ARGV[1] .. id) == 0 then
			redis.call('HDEL', KEYS[9], id)
		else
			failing = failing + 1
		end
	end
end
local pending = redis.call('LLEN', KEYS[1]) + redis.call('LLEN', KEYS[2])
	+ redis.call('ZCARD', KEYS[3]) + redis.call('ZCARD', KEYS[4])
local d = redis.call('HMGET', KEYS[10], 'delivered', 'lastError', 'pausedReason')
return { pending - failing, redis.call('LLEN', KEYS[5]), redis.call('ZCARD', KEYS[6]), failing,
	redis.call('HEXISTS', KEYS[8], 'paused'), d[1], d[2], d[3] }`;

// The earliest due time BullMQ knows of: the oldest waiting job (due now; its timestamp is the
// event's receivedAt) or the first delayed one (its score is the due ms times 0x1000 plus a
// sequence number, BullMQ's getDelayedScore). Nothing while paused, as Queue.isPaused reads it.
const NEXT_DUE_LUA = `
if redis.call('HEXISTS', KEYS[1], 'paused') == 1 then return false end
local due = false
local oldest = redis.call('LINDEX', KEYS[2], -1)
if oldest then due = tonumber(redis.call('HGET', ARGV[1] .. oldest, 'timestamp')) end
local first = redis.call('ZRANGE', KEYS[3], 0, 0, 'WITHSCORES')
if first[2] then
	local at = math.floor(tonumber(first[2]) / 0x1000)
	if not due or at < due then due = at end
end
return due`;

// Counts a relay delivered once, before BullMQ completes it, with a mark in its job's hash: a
// crash between the two brings the relay back through its lease, and the settle of that
// redelivery finds the mark and does not count it again. Counting after the move instead lost
// the count for good when the process died in between.
const COUNT_DELIVERED_LUA = `
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HSETNX', KEYS[1], 'hbDelivered', 1) == 1 then
	redis.call('HINCRBY', KEYS[2], 'delivered', 1)
end
return 0`;

/** The store's own client, with its scripts as commands (ioredis sends EVALSHA, then EVAL). */
export interface ScriptedRedis extends Redis {
	hbSeen(marker: string, counters: string): Promise<number>;
	hbMark(
		marker: string,
		counters: string,
		sources: string,
		retentionMs: number,
		source: string,
		receivedAt: number,
	): Promise<number>;
	hbStatus(...args: string[]): Promise<Array<number | string | null>>;
	hbNextDue(...args: string[]): Promise<number | null>;
	hbCountDelivered(job: string, destination: string): Promise<number>;
}

/** Makes `client` a ScriptedRedis. */
export function defineScripts(client: Redis): ScriptedRedis {
	client.defineCommand('hbSeen', { numberOfKeys: 2, lua: SEEN_LUA });
	client.defineCommand('hbMark', { numberOfKeys: 3, lua: MARK_LUA });
	client.defineCommand('hbStatus', { numberOfKeys: 10, lua: STATUS_LUA });
	client.defineCommand('hbNextDue', { numberOfKeys: 3, lua: NEXT_DUE_LUA });
	client.defineCommand('hbCountDelivered', { numberOfKeys: 2, lua: COUNT_DELIVERED_LUA });
	return client as ScriptedRedis;
}
