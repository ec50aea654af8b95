import { ErrorCode, isTerminal, type ErrorBody, type TaskSnapshot, type TaskStatus } from '@jpsp/contracts';
import type { Redis } from 'ioredis';
import type { KeyId } from '../auth/api-key.js';
import type { Caller } from '../auth/caller.js';
import { TaskError } from '../common/task-error.js';
import { expiredError, visible } from '../tasks/task-table.js';

/** What never changes after submit, kept beside the snapshot. */
export interface ClusterMeta {
  owner: KeyId;
  scope?: string;
  task: string;
  seq: number;
  queue: string;
  timeoutMs: number;
  baseUrl: string;
  idempotencyKey?: string;
  lockKey?: string;
  requestedTimeoutMs?: number;
}

export interface ClusterRecord {
  id: string;
  meta: ClusterMeta;
  snapshot: TaskSnapshot;
  /** A stop asked from any node (read with the record). */
  stop?: ErrorBody;
}

/** A record outlives its end by the result TTL; a live one is kept for at most this long. */
const LIVE_TTL_MS = 7 * 24 * 3_600_000;
const RETAINED_PER_KEY = 5;

/**
 * Writes a snapshot unless the stored one is already terminal (a late progress update, or a second
 * node finishing the same task after a fail-over, never overwrites an end). Returns 1 when written.
 */
const SAVE_SNAPSHOT = `
local cur = redis.call('HGET', KEYS[1], 'st')
if cur == 'completed' or cur == 'failed' or cur == 'cancelled' then return 0 end
if cur == false and ARGV[4] == 'existing' then return 0 end
redis.call('HSET', KEYS[1], 'snap', ARGV[1], 'st', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
if ARGV[2] == 'completed' or ARGV[2] == 'failed' or ARGV[2] == 'cancelled' then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[5])
end
return 1`;

/**
 * The cluster's shared task state in Redis: every node reads and writes the same records, so
 * `task:subscribe`, `GET /api/tasks/:id`, `task:list` and cancel answer alike on any node.
 * Keys: `<p>:task:<id>` (hash: st, snap, meta), `<p>:runs:<owner>` (sorted set by submission
 * number), `<p>:idem:<slot>` (idempotency), `<p>:active:<owner>` (queued + running of a key),
 * `<p>:queued` (queued in the cluster), `<p>:input:<id>` (the input of a failed or cancelled run,
 * for `task:retry`), `<p>:gone:<id>` (forgotten ids, for EXPIRED).
 */
export class ClusterState {
  constructor(
    readonly redis: Redis,
    private readonly prefix: string,
    private readonly resultTtlMs: number,
  ) {
    redis.defineCommand('jpspSaveSnapshot', { numberOfKeys: 2, lua: SAVE_SNAPSHOT });
  }

  key(kind: string, id: string): string {
    return `${this.prefix}:${kind}:${id}`;
  }

  async nextSeq(): Promise<number> {
    return this.redis.incr(`${this.prefix}:seq`);
  }

  async create(id: string, meta: ClusterMeta, snapshot: TaskSnapshot): Promise<void> {
    await this.redis
      .multi()
      .hset(this.key('task', id), 'st', snapshot.status, 'snap', JSON.stringify(snapshot), 'meta', JSON.stringify(meta))
      .pexpire(this.key('task', id), LIVE_TTL_MS)
      .zadd(this.key('runs', meta.owner), meta.seq, id)
      .exec();
  }

  /** Saves unless already terminal; a terminal snapshot starts the record's expiry. */
  async save(id: string, snapshot: TaskSnapshot, mustExist = true): Promise<boolean> {
    const ttl = isTerminal(snapshot.status) ? this.resultTtlMs : LIVE_TTL_MS;
    // One script: the snapshot, its expiry, and (at the end) the tombstone that answers EXPIRED later.
    const saved = await (this.redis as unknown as { jpspSaveSnapshot(...a: (string | number)[]): Promise<number> }).jpspSaveSnapshot(
      this.key('task', id),
      this.key('gone', id),
      JSON.stringify(snapshot),
      snapshot.status,
      ttl,
      mustExist ? 'existing' : 'any',
      ttl + 7 * 24 * 3_600_000,
    );
    return saved === 1;
  }

  async load(id: string): Promise<ClusterRecord | undefined> {
    const [st, snap, meta, stop] = await this.redis.hmget(this.key('task', id), 'st', 'snap', 'meta', 'stop');
    if (!st || !snap || !meta) {
      return undefined;
    }
    const record: ClusterRecord = { id, meta: JSON.parse(meta) as ClusterMeta, snapshot: JSON.parse(snap) as TaskSnapshot };
    if (stop) {
      record.stop = JSON.parse(stop) as ErrorBody;
    }
    return record;
  }

  /** The caller's task, or NOT_FOUND (another tenant's or scope's too) / EXPIRED. */
  async owned(caller: Caller, id: string): Promise<ClusterRecord> {
    const record = await this.load(id);
    if (!record || !visible(caller, record.meta.owner, record.meta.scope)) {
      if (!record && (await this.redis.exists(this.key('gone', id)))) {
        throw expiredError();
      }
      throw new TaskError(ErrorCode.NOT_FOUND, 'No such task');
    }
    return record;
  }

  /** `SET NX` of an idempotency slot: the id already holding it, or undefined when `id` took it. */
  async claimIdempotency(slot: string, id: string): Promise<string | undefined> {
    const key = this.key('idem', slot);
    const taken = await this.redis.set(key, id, 'PX', LIVE_TTL_MS, 'NX');
    return taken === 'OK' ? undefined : ((await this.redis.get(key)) ?? undefined);
  }

  async releaseIdempotency(slot: string, id: string): Promise<void> {
    const key = this.key('idem', slot);
    if ((await this.redis.get(key)) === id) {
      await this.redis.del(key);
    }
  }

  /**
   * Counts one more live task of `owner` (and one more queued): `{ over }` naming the bound it
   * would pass (nothing counted then), else `{ active }`, the key's live tasks with this one.
   */
  async admit(owner: KeyId, perKey: number, cluster: number): Promise<{ over: 'key' | 'server' } | { active: number }> {
    const [[, active], [, queued]] = (await this.redis.multi().incr(this.key('active', owner)).incr(`${this.prefix}:queued`).exec()) as [[null, number], [null, number]];
    const over = active > perKey ? 'key' : queued > cluster ? 'server' : undefined;
    if (over) {
      await this.redis.multi().decr(this.key('active', owner)).decr(`${this.prefix}:queued`).exec();
      return { over };
    }
    return { active };
  }

  /** The task starts running: no longer counted as queued (once, however often it starts again). */
  async started(id: string): Promise<void> {
    if ((await this.redis.hsetnx(this.key('task', id), 'started', '1')) === 1) {
      await this.redis.decr(`${this.prefix}:queued`);
    }
  }

  async hasStarted(id: string): Promise<boolean> {
    return (await this.redis.hexists(this.key('task', id), 'started')) === 1;
  }

  /** A task ended: one live task less for its owner (and one queued less when it never started). */
  async ended(owner: KeyId, wasQueued: boolean): Promise<void> {
    const m = this.redis.multi().decr(this.key('active', owner));
    if (wasQueued) {
      m.decr(`${this.prefix}:queued`);
    }
    await m.exec();
  }

  async activeOf(owner: KeyId): Promise<number> {
    return Number((await this.redis.get(this.key('active', owner))) ?? 0);
  }

  async queuedCount(): Promise<number> {
    return Math.max(0, Number((await this.redis.get(`${this.prefix}:queued`)) ?? 0));
  }

  /** Keeps the input of a failed or cancelled run for `task:retry` (the latest few per key). */
  async retainInput(owner: KeyId, id: string, input: unknown): Promise<void> {
    const list = this.key('retained', owner);
    // Kept a little longer than the record itself (whose end is saved after this): a retry never
    // finds the run without its input; once the record is gone it answers EXPIRED anyway.
    await this.redis.multi().set(this.key('input', id), JSON.stringify(input), 'PX', this.resultTtlMs + 10_000).lpush(list, id).exec();
    const evicted = await this.redis.lrange(list, RETAINED_PER_KEY, -1);
    if (evicted.length > 0) {
      await this.redis.multi().ltrim(list, 0, RETAINED_PER_KEY - 1).del(...evicted.map((e) => this.key('input', e))).exec();
    }
  }

  async retainedInput(id: string): Promise<unknown> {
    const raw = await this.redis.get(this.key('input', id));
    return raw === null ? undefined : (JSON.parse(raw) as unknown);
  }

  /** Newest first, `before` a submission number; records gone from Redis are skipped. */
  async runs(owner: KeyId, before: number | undefined, count: number): Promise<{ records: ClusterRecord[]; lastSeq?: number; more: boolean }> {
    const max = before === undefined ? '+inf' : `(${before}`;
    const entries = await this.redis.zrevrangebyscore(this.key('runs', owner), max, '-inf', 'WITHSCORES', 'LIMIT', 0, count);
    const records: ClusterRecord[] = [];
    let lastSeq: number | undefined;
    const gone: string[] = [];
    for (let i = 0; i < entries.length; i += 2) {
      lastSeq = Number(entries[i + 1]);
      const record = await this.load(entries[i]);
      if (record) {
        records.push(record);
      } else {
        gone.push(entries[i]);
      }
    }
    if (gone.length > 0) {
      await this.redis.zrem(this.key('runs', owner), ...gone);
    }
    return { records, ...(lastSeq === undefined ? {} : { lastSeq }), more: entries.length / 2 === count };
  }

  /** A stop asked from any node: read by the node running the task. */
  async requestStop(id: string, reason: object): Promise<void> {
    await this.redis.hset(this.key('task', id), 'stop', JSON.stringify(reason));
  }

  async stopRequested<T>(id: string): Promise<T | undefined> {
    const raw = await this.redis.hget(this.key('task', id), 'stop');
    return raw ? (JSON.parse(raw) as T) : undefined;
  }

  static terminal(status: TaskStatus): boolean {
    return isTerminal(status);
  }
}
