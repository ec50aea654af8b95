import { ErrorCode, isTerminal, type ErrorBody, type TaskSnapshot, type TaskStatus } from '@jpsp/contracts';
import type { Redis } from 'ioredis';
import type { KeyId } from '../auth/api-key.js';
import type { Caller } from '../auth/caller.js';
import { TaskError } from '../common/task-error.js';
import { expiredError, visible } from '../tasks/task-table.js';
import { CREATE, FINISH, POSITION, POSITIONS, SAVE, START, WATCH } from './cluster-scripts.js';

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
  /** ",a,b,": the nodes with sockets in the task's room (as last read). */
  nodes?: string;
}

export type Admission = { over: 'key' | 'server' } | { duplicateOf: string } | { priority: number; seq: number; position: number };
export type StartAnswer = { kind: 'missing' } | { kind: 'ended' } | { kind: 'stop'; stop: ErrorBody } | { kind: 'ok'; nodes: string };
export type FinishAnswer = { kind: 'not-saved' } | { kind: 'stop'; stop: ErrorBody } | { kind: 'saved'; nodes: string };

type Scripted = Redis & {
  jpspCreate(...a: (string | number)[]): Promise<[string, string | number, number?, number?]>;
  jpspStart(...a: (string | number)[]): Promise<[string, string?]>;
  jpspSave(...a: (string | number)[]): Promise<string | null>;
  jpspFinish(...a: (string | number)[]): Promise<[string, string?]>;
  jpspWatch(...a: (string | number)[]): Promise<(string | null)[]>;
  jpspPosition(...a: (string | number)[]): Promise<number>;
  jpspPositions(...a: (string | number)[]): Promise<[number, string][]>;
};

/** A record outlives its end by the result TTL; a live one is kept for at most this long. */
const LIVE_TTL_MS = 7 * 24 * 3_600_000;
const RETAINED_PER_KEY = 5;
/** The tombstone of a forgotten task (EXPIRED rather than NOT_FOUND) outlives its record by this. */
const TOMBSTONE_MS = 7 * 24 * 3_600_000;

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
    redis.defineCommand('jpspCreate', { numberOfKeys: 8, lua: CREATE });
    redis.defineCommand('jpspStart', { numberOfKeys: 2, lua: START });
    redis.defineCommand('jpspSave', { numberOfKeys: 1, lua: SAVE });
    redis.defineCommand('jpspFinish', { numberOfKeys: 6, lua: FINISH });
    redis.defineCommand('jpspWatch', { numberOfKeys: 1, lua: WATCH });
    redis.defineCommand('jpspPosition', { numberOfKeys: 3, lua: POSITION });
    redis.defineCommand('jpspPositions', { numberOfKeys: 3, lua: POSITIONS });
  }

  private get scripts(): Scripted {
    return this.redis as Scripted;
  }

  key(kind: string, id: string): string {
    return `${this.prefix}:${kind}:${id}`;
  }

  /**
   * One round trip: the idempotency slot (its holder, when taken), the per-key and cluster-wide
   * bounds (`over`: nothing counted), then the record, its submission number, its place in the
   * key's runs, its job's priority and the queue position the job will take (`queueKey`: the
   * BullMQ queue's key prefix). `meta.seq` is ignored (the script numbers the task).
   */
  async admitAndCreate(id: string, meta: Omit<ClusterMeta, 'seq'>, snapshot: TaskSnapshot, bounds: { perKey: number; cluster: number; maxPriority: number }, queueKey: string, nodeId: string, idemSlot?: string): Promise<Admission> {
    const [kind, a, b, c] = await this.scripts.jpspCreate(
      this.key('task', id),
      this.key('active', meta.owner),
      `${this.prefix}:queued`,
      `${this.prefix}:seq`,
      this.key('runs', meta.owner),
      this.key('idem', idemSlot ?? '-'),
      `${queueKey}:prioritized`,
      `${queueKey}:wait`,
      bounds.perKey,
      bounds.cluster,
      JSON.stringify(snapshot),
      JSON.stringify(meta),
      LIVE_TTL_MS,
      nodeId,
      id,
      idemSlot === undefined ? '' : LIVE_TTL_MS,
      this.key('task', ''),
      bounds.maxPriority,
    );
    if (kind === 'dup') {
      return { duplicateOf: String(a) };
    }
    if (kind === 'over') {
      return { over: a === 'key' ? 'key' : 'server' };
    }
    return { priority: Number(a), seq: Number(b), position: Number(c) };
  }

  /** A run begins (one round trip): the snapshot becomes `running` unless ended or asked to stop. */
  async start(id: string, running: TaskSnapshot): Promise<StartAnswer> {
    const [kind, a] = await this.scripts.jpspStart(this.key('task', id), `${this.prefix}:queued`, JSON.stringify(running), LIVE_TTL_MS);
    if (kind === 'stop') {
      return { kind, stop: JSON.parse(String(a)) as ErrorBody };
    }
    return kind === 'ok' ? { kind, nodes: String(a ?? '') } : kind === 'missing' ? { kind } : { kind: 'ended' };
  }

  /** Saves a live snapshot (progress, position): the record's nodes, or undefined when it has ended. */
  async save(id: string, snapshot: TaskSnapshot): Promise<string | undefined> {
    const nodes = await this.scripts.jpspSave(this.key('task', id), JSON.stringify(snapshot), snapshot.status, LIVE_TTL_MS);
    return nodes === null ? undefined : nodes;
  }

  /**
   * The end (one round trip), written once whichever node gets there first, and counted out of
   * the bounds; with `stopWins`, a cancel asked meanwhile is answered instead. `input` (of a run
   * that did not complete) is kept for task:retry in the same step.
   */
  async finish(id: string, owner: KeyId, snapshot: TaskSnapshot, stopWins = false, input?: unknown): Promise<FinishAnswer> {
    const [kind, a] = await this.scripts.jpspFinish(
      this.key('task', id),
      this.key('gone', id),
      this.key('active', owner),
      `${this.prefix}:queued`,
      this.key('input', id),
      this.key('retained', owner),
      JSON.stringify(snapshot),
      snapshot.status,
      this.resultTtlMs,
      this.resultTtlMs + TOMBSTONE_MS,
      stopWins ? '1' : '0',
      input === undefined || snapshot.status === 'completed' ? '' : JSON.stringify(input),
      // Kept a little longer than the record: a retry never finds the run without its input;
      // once the record is gone it answers EXPIRED anyway.
      this.resultTtlMs + 10_000,
      this.key('input', ''),
      RETAINED_PER_KEY,
    );
    if (kind === 'stop') {
      return { kind, stop: JSON.parse(String(a)) as ErrorBody };
    }
    return kind === 'saved' ? { kind, nodes: String(a ?? '') } : { kind: 'not-saved' };
  }

  async load(id: string): Promise<ClusterRecord | undefined> {
    return this.record(id, await this.redis.hmget(this.key('task', id), 'st', 'snap', 'meta', 'stop', 'seq', 'nodes'));
  }

  /** `load` for a socket of `nodeId` that follows the task: the node is added to the record's nodes. */
  async watch(id: string, nodeId: string): Promise<ClusterRecord | undefined> {
    return this.record(id, await this.scripts.jpspWatch(this.key('task', id), nodeId));
  }

  private record(id: string, [st, snap, meta, stop, seq, nodes]: (string | null)[]): ClusterRecord | undefined {
    if (!st || !snap || !meta) {
      return undefined;
    }
    const record: ClusterRecord = { id, meta: JSON.parse(meta) as ClusterMeta, snapshot: JSON.parse(snap) as TaskSnapshot };
    if (seq) {
      record.meta.seq = Number(seq);
    }
    if (stop) {
      record.stop = JSON.parse(stop) as ErrorBody;
    }
    if (nodes) {
      record.nodes = nodes;
    }
    return record;
  }

  /** `position` for several jobs of one queue (one round trip): each one's place (0: no longer waiting) and its record's nodes. */
  async positions(queueKey: string, ids: string[]): Promise<{ position: number; nodes: string }[]> {
    const rows = await this.scripts.jpspPositions(`${queueKey}:prioritized`, `${queueKey}:wait`, `${queueKey}:delayed`, this.key('task', ''), ...ids);
    return rows.map(([position, nodes]) => ({ position: Number(position), nodes: String(nodes) }));
  }

  /** 1-based place of a job among its BullMQ queue's waiting ones (one round trip). */
  async position(queueKey: string, id: string): Promise<number | undefined> {
    const n = await this.scripts.jpspPosition(`${queueKey}:prioritized`, `${queueKey}:wait`, `${queueKey}:delayed`, id);
    return n > 0 ? n : undefined;
  }

  /** The caller's task, or NOT_FOUND (another tenant's or scope's too) / EXPIRED. */
  async owned(caller: Caller, id: string, watchFrom?: string): Promise<ClusterRecord> {
    const record = watchFrom === undefined ? await this.load(id) : await this.watch(id, watchFrom);
    if (!record || !visible(caller, record.meta.owner, record.meta.scope)) {
      if (!record && (await this.redis.exists(this.key('gone', id)))) {
        throw expiredError();
      }
      throw new TaskError(ErrorCode.NOT_FOUND, 'No such task');
    }
    return record;
  }

  async queuedCount(): Promise<number> {
    return Math.max(0, Number((await this.redis.get(`${this.prefix}:queued`)) ?? 0));
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
