/** The Lua scripts of the Redis coordination store: each runs atomically on the server. */
import { createHash } from 'node:crypto';

/** A Lua script, run with EVALSHA (the body is sent again only when the server lacks it). */
export interface Script {
  readonly lua: string;
  readonly sha: string;
  readonly keys: number;
}

function script(keys: number, lua: string): Script {
  return { lua, keys, sha: createHash('sha1').update(lua).digest('hex') };
}

// Compare-and-delete / compare-and-extend on the fencing token.
export const RENEW = script(
  1,
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`,
);
export const RELEASE = script(
  1,
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`,
);
// KEYS[1] value, KEYS[2] lock; ARGV: token, ttl ms, value, value ttl ms.
export const PUT_FENCED = script(
  2,
  `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[2], ARGV[2])
redis.call('SET', KEYS[1], ARGV[3], 'PX', ARGV[4] or ARGV[2])
return 1`,
);
// KEYS[1] lock, KEYS[2] value; ARGV: token, ttl ms. Returns {taken, value left} (value only when taken).
export const ACQUIRE_READING = script(
  2,
  `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, redis.call('GET', KEYS[2])}
end
return {0, false}`,
);
// KEYS[1] value; ARGV: expected value.
export const REMOVE_IF_UNCHANGED = script(
  1,
  `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`,
);
// KEYS[1] sorted set; ARGV: member, from score, to score ('' removes). Compare-and-move of one mark.
export const MOVE_MARK = script(
  1,
  `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not score or tonumber(score) ~= tonumber(ARGV[2]) then return 0 end
if ARGV[3] == '' then redis.call('ZREM', KEYS[1], ARGV[1]) else redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1]) end
return 1`,
);
// KEYS[1] value, KEYS[2] lock; ARGV: token.
export const REMOVE_FENCED = script(
  2,
  `
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], KEYS[2])
return 1`,
);
// KEYS[1] queue, KEYS[2] fence lock (or the queue again when unfenced); ARGV: token, ttl ms, items...
export const ENQUEUE = script(
  2,
  `
if ARGV[1] ~= '' and redis.call('GET', KEYS[2]) ~= ARGV[1] then return -1 end
local length = redis.call('RPUSH', KEYS[1], unpack(ARGV, 3))
if tonumber(ARGV[2]) > 0 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return length`,
);

// KEYS[1] sorted set of marks (score: expiry); ARGV: now, drop before. Drops the marks expired
// before the second time, counts those still marked at now.
export const COUNT_MARKED = script(
  1,
  `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
return redis.call('ZCOUNT', KEYS[1], ARGV[1], '+inf')`,
);
