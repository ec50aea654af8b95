/**
 * The cluster state's Lua scripts: each step of a task's life is one atomic round trip to Redis.
 * (Before them a no-op task cost ~10 sequential round trips on the node running it and ~8 on the
 * node accepting it; the dispatch benchmark was bound by those waits: see docs/benchmarks.md.)
 * A task hash holds `st` (status), `snap` (the snapshot's JSON), `meta` (JSON), `seq`, `stop` (a
 * cancel's reason), `started` (set once its first run began) and `nodes` (",a,b,": the nodes with
 * sockets in the task's room, so a node that runs the task can skip the cross-node broadcast when
 * every listener is its own).
 */

const TERMINAL = `local function terminal(s) return s == 'completed' or s == 'failed' or s == 'cancelled' end`;

/**
 * Submit: KEYS task, active:<owner>, queued, seq, runs:<owner>, idem:<slot> (a placeholder without
 * an idempotency key), <queue>:prioritized, <queue>:wait (the BullMQ queue the task goes to).
 * ARGV perKey, clusterBound, snapshot, meta, liveTtlMs, nodeId, id, idempotencyTtlMs ('' without
 * a key), taskKeyPrefix, maxPriority. Answers {'dup', holderId} (a slot whose task has been
 * forgotten is free again) | {'over', 'key'|'server'} | {'ok', priority, seq, position}; nothing
 * is counted or written unless 'ok'. The priority is the key's count of live tasks (keys are
 * served in turn); the position is the place the job will take once added: after the plain
 * waiting list and every prioritized job of the same or a better priority (BullMQ scores a
 * prioritized job priority × 2^32 + a counter, so later jobs of a priority come after).
 */
export const CREATE = `
if ARGV[8] ~= '' then
  local holder = redis.call('GET', KEYS[6])
  if holder and redis.call('EXISTS', ARGV[9] .. holder) == 1 then return {'dup', holder} end
end
local active = redis.call('INCR', KEYS[2])
local queued = redis.call('INCR', KEYS[3])
if active > tonumber(ARGV[1]) or queued > tonumber(ARGV[2]) then
  redis.call('DECR', KEYS[2])
  redis.call('DECR', KEYS[3])
  if active > tonumber(ARGV[1]) then return {'over', 'key'} end
  return {'over', 'server'}
end
local seq = redis.call('INCR', KEYS[4])
redis.call('HSET', KEYS[1], 'st', 'queued', 'snap', ARGV[3], 'meta', ARGV[4], 'seq', seq, 'nodes', ',' .. ARGV[6] .. ',')
redis.call('PEXPIRE', KEYS[1], ARGV[5])
redis.call('ZADD', KEYS[5], seq, ARGV[7])
if ARGV[8] ~= '' then redis.call('SET', KEYS[6], ARGV[7], 'PX', ARGV[8]) end
local priority = math.min(tonumber(ARGV[10]), math.max(1, active))
local ahead = redis.call('ZCOUNT', KEYS[7], 0, (priority + 1) * 0x100000000 - 1)
return {'ok', priority, seq, ahead + redis.call('LLEN', KEYS[8]) + 1}`;

/**
 * A run begins: KEYS task, queued. ARGV runningSnapshot, liveTtlMs. Answers {'missing'} |
 * {'ended'} | {'stop', reason} | {'ok', nodes}. The first start of a task
 * takes it out of the cluster's queued count (a run again after a fail-over does not).
 */
export const START = `${TERMINAL}
local st = redis.call('HGET', KEYS[1], 'st')
if not st then return {'missing'} end
if terminal(st) then return {'ended'} end
local stop = redis.call('HGET', KEYS[1], 'stop')
if stop then return {'stop', stop} end
if redis.call('HSETNX', KEYS[1], 'started', '1') == 1 then redis.call('DECR', KEYS[2]) end
redis.call('HSET', KEYS[1], 'snap', ARGV[1], 'st', 'running')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {'ok', redis.call('HGET', KEYS[1], 'nodes') or ''}`;

/**
 * A snapshot while the task lives (progress, queue position): KEYS task. ARGV snapshot, status,
 * liveTtlMs. Written only over a live record; answers its nodes, or false when not written.
 */
export const SAVE = `${TERMINAL}
local st = redis.call('HGET', KEYS[1], 'st')
if not st or terminal(st) then return false end
redis.call('HSET', KEYS[1], 'snap', ARGV[1], 'st', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return redis.call('HGET', KEYS[1], 'nodes') or ''`;

/**
 * The end, once per task whichever node gets there first: KEYS task, gone, active:<owner>,
 * queued, input:<id>, retained:<owner>. ARGV snapshot, status, resultTtlMs, tombstoneTtlMs,
 * stopWins ('1': a cancel asked meanwhile is answered instead of writing), input ('' to keep
 * none), inputTtlMs, inputKeyPrefix, retainedPerKey. Answers {'saved', nodes} | {'stop', reason} |
 * {'not-saved'} (already ended, or forgotten). Counts the task out of its key's live tasks, and
 * out of the queued ones when it never started; starts the record's expiry and writes the
 * tombstone that answers EXPIRED after it. The input of a run that did not complete is kept for
 * task:retry in the same step (the key's latest few; older ones are dropped), so a client that
 * sees the end can retry at once.
 */
export const FINISH = `${TERMINAL}
local st = redis.call('HGET', KEYS[1], 'st')
if not st or terminal(st) then return {'not-saved'} end
if ARGV[5] == '1' then
  local stop = redis.call('HGET', KEYS[1], 'stop')
  if stop then return {'stop', stop} end
end
redis.call('HSET', KEYS[1], 'snap', ARGV[1], 'st', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
redis.call('DECR', KEYS[3])
if redis.call('HSETNX', KEYS[1], 'started', '1') == 1 then redis.call('DECR', KEYS[4]) end
if ARGV[6] ~= '' then
  redis.call('SET', KEYS[5], ARGV[6], 'PX', ARGV[7])
  redis.call('LPUSH', KEYS[6], string.sub(KEYS[5], #ARGV[8] + 1))
  local keep = tonumber(ARGV[9])
  for _, old in ipairs(redis.call('LRANGE', KEYS[6], keep, -1)) do redis.call('DEL', ARGV[8] .. old) end
  redis.call('LTRIM', KEYS[6], 0, keep - 1)
end
return {'saved', redis.call('HGET', KEYS[1], 'nodes') or ''}`;

/**
 * A socket of node ARGV[1] follows the task (task:subscribe): KEYS task. Adds the node to the
 * record's `nodes` (when the record exists) and answers the record's st, snap, meta, stop, seq.
 */
export const WATCH = `
if redis.call('EXISTS', KEYS[1]) == 1 then
  local nodes = redis.call('HGET', KEYS[1], 'nodes') or ','
  local me = ',' .. ARGV[1] .. ','
  if not string.find(nodes, me, 1, true) then redis.call('HSET', KEYS[1], 'nodes', nodes .. ARGV[1] .. ',') end
end
return redis.call('HMGET', KEYS[1], 'st', 'snap', 'meta', 'stop', 'seq', 'nodes')`;

/**
 * 1-based place among a BullMQ queue's waiting jobs: KEYS <queue>:prioritized, <queue>:wait,
 * <queue>:delayed. ARGV jobId. Prioritized jobs come after the plain waiting list; a job delayed
 * while it waits for its lock comes after every prioritized one. 0 when not waiting.
 */
export const POSITION = `
local rank = redis.call('ZRANK', KEYS[1], ARGV[1])
if rank then return rank + 1 + redis.call('LLEN', KEYS[2]) end
if redis.call('ZSCORE', KEYS[3], ARGV[1]) then return redis.call('ZCARD', KEYS[1]) + 1 end
return 0`;

/**
 * The places of several tasks of one queue at once (a node's waiting tasks, every second): KEYS
 * as POSITION. ARGV taskKeyPrefix, then job ids. Answers, per id, {position (0: no longer
 * waiting), the record's nodes}.
 */
export const POSITIONS = `
local out = {}
local before = redis.call('LLEN', KEYS[2])
local prioritized = redis.call('ZCARD', KEYS[1])
for i = 2, #ARGV do
  local id = ARGV[i]
  local n = 0
  local rank = redis.call('ZRANK', KEYS[1], id)
  if rank then n = rank + 1 + before elseif redis.call('ZSCORE', KEYS[3], id) then n = prioritized + 1 end
  out[#out + 1] = {n, redis.call('HGET', ARGV[1] .. id, 'nodes') or ''}
end
return out`;
