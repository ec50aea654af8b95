import { randomUUID } from 'node:crypto';
import { ErrorCode, isTerminal, type ErrorBody, type ListPayload, type RunList, type SubmitOptions, type TaskCatalogEntry, type TaskSnapshot } from '@jpsp/contracts';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { KeyId } from '../auth/api-key.js';
import type { Caller } from '../auth/caller.js';
import { checkGrant } from '../auth/widget-token.js';
import { TaskError } from '../common/task-error.js';
import { validateDto } from '../common/validate-dto.js';
import type { AppConfig } from '../config/env.js';
import { requiredCapabilities, unmetNeeds } from '../task-definitions/capabilities.js';
import type { TaskRegistry } from '../task-definitions/task-registry.js';
import { TaskApi, type BeforeQueue, type TaskStats, type UpdateListener } from '../tasks/task-api.js';
import { decodeCursor, encodeCursor } from '../tasks/run-list.js';
import { retryOptions } from '../tasks/task-retry.js';
import { idemSlot } from '../tasks/task-table.js';
import type { ClusterFiles } from './cluster-files.js';
import type { ClusterRunner, JobData } from './cluster-runner.js';
import type { ClusterMeta, ClusterRecord, ClusterState } from './cluster-state.js';
import type { NodeRegistry } from './node-registry.js';

const DEFAULT_RESERVE_BYTES = 1024 * 1024;
const MAX_PRIORITY = 2_097_152;
/** Queue positions of the tasks this node accepted are refreshed this often while they wait. */
const POSITION_REFRESH_MS = 1_000;

/** The queue a task goes to: named by the capabilities it needs (`tasks`, `tasks.soffice`). */
export function queueName(capabilities: readonly string[]): string {
  return ['tasks', ...capabilities].join('.');
}

/**
 * Cluster mode's `TaskApi`: the same contract as the embedded engine, with the state in Redis
 * (`ClusterState`), the queue in BullMQ (one queue per capability set, jobs prioritized by how many
 * tasks their key already has, which serves keys round-robin), the runs on whichever node's
 * `ClusterRunner` takes the job, the files in the object store (`ClusterFiles`).
 */
export class ClusterTasks extends TaskApi {
  readonly distributed = true;
  private readonly listeners: UpdateListener[] = [];
  private draining = false;
  private queuedCache = 0;
  /** Tasks this node accepted that are still queued: it tells their clients their positions. */
  private readonly waiting = new Map<string, { record: ClusterRecord; position: number }>();
  private readonly timer: NodeJS.Timeout;
  /** The task lifecycle lines: fields of our own, no credential to redact (as in embedded mode). */
  private readonly lifecycleLog: Logger;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: TaskRegistry,
    private readonly state: ClusterState,
    private readonly queues: (name: string) => Queue<JobData>,
    private readonly runner: ClusterRunner,
    private readonly files: ClusterFiles,
    private readonly nodes: NodeRegistry,
    private readonly publishStop: (taskId: string, reason: ErrorBody) => Promise<void>,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly log: Logger,
  ) {
    super();
    this.lifecycleLog = log.child({}, { redact: { paths: [] } });
    this.timer = setInterval(() => void this.refresh().catch(() => undefined), POSITION_REFRESH_MS);
    this.timer.unref();
  }

  catalog(): TaskCatalogEntry[] {
    return this.registry.catalog();
  }

  onUpdate(listener: UpdateListener): void {
    this.listeners.push(listener);
  }

  /**
   * Sends a snapshot to the task's room: on every node (through the Socket.IO Redis adapter), or
   * on this node alone when the record says every socket following the task is here (`nodes`, as
   * read in the same round trip that wrote the snapshot: a node that joins later reads this
   * snapshot or a later one itself). Sockets join a task's room only through submit, retry and
   * task:subscribe, which record their node; Socket.IO's connection-state recovery, which would
   * restore rooms on another node without them, is not enabled.
   */
  emit(record: ClusterRecord): void {
    const localOnly = record.nodes === `,${this.config.nodeId},`;
    for (const listener of this.listeners) {
      listener(record.meta.owner, record.snapshot, localOnly);
    }
  }

  async submit(caller: Caller, task: string, input: unknown, options: SubmitOptions = {}, baseUrl: string, beforeQueue?: BeforeQueue, retryOf?: string): Promise<TaskSnapshot> {
    if (this.draining) {
      throw new TaskError(ErrorCode.SHUTTING_DOWN, 'This node is shutting down and accepts no new tasks; retry in a moment (another node will take it)', { retryAfterMs: 1000 });
    }
    const definition = this.registry.get(task);
    checkGrant(caller, definition.name);
    const scope = caller.token?.event;
    const slot = options.idempotencyKey === undefined ? undefined : idemSlot(caller.keyId, scope, options.idempotencyKey);
    if (slot !== undefined) {
      const existing = await this.idempotent(slot, definition.name);
      if (existing) {
        return existing;
      }
    }
    const timeoutMs = options.timeoutMs ?? Math.min(definition.defaultTimeoutMs, this.config.maxTimeoutMs);
    if (timeoutMs > this.config.maxTimeoutMs) {
      throw TaskError.validation([{ path: 'options.timeoutMs', reason: `must not be greater than the server's maximum of ${this.config.maxTimeoutMs} ms` }]);
    }
    validateDto(definition.inputDto, input, 'input');
    // The heartbeats' view first (no Redis call); a need it does not meet is checked afresh.
    let unmet = unmetNeeds(definition, input, this.nodes.cachedCapabilities(), 'cluster');
    if (unmet.length > 0) {
      unmet = unmetNeeds(definition, input, await this.nodes.liveCapabilities(), 'cluster');
    }
    const deep = [...(definition.validate?.(input) ?? []), ...unmet];
    if (deep.length > 0) {
      throw TaskError.validation(deep.map((e) => ({ path: e.path ? `input.${e.path}` : 'input', reason: e.reason })));
    }
    if (!(await this.files.hasRoom(Math.min(definition.resultReserveBytes ?? DEFAULT_RESERVE_BYTES, this.config.maxResultBytes)))) {
      throw new TaskError(ErrorCode.STORAGE_FULL, 'The result store is full (the cluster-wide quota); retry when older results have expired', { retryAfterMs: 60_000 });
    }
    const id = randomUUID();
    const queue = queueName(requiredCapabilities(definition, input));
    const meta: Omit<ClusterMeta, 'seq'> = {
      owner: caller.keyId,
      ...(scope === undefined ? {} : { scope }),
      task: definition.name,
      queue,
      timeoutMs,
      baseUrl,
      ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
      ...(options.lockKey === undefined ? {} : { lockKey: options.lockKey }),
      ...(options.timeoutMs === undefined ? {} : { requestedTimeoutMs: options.timeoutMs }),
    };
    const snapshot: TaskSnapshot = {
      taskId: id,
      task: definition.name,
      status: 'queued',
      ...(options.submitter === undefined ? {} : { submitter: options.submitter }),
      ...(retryOf === undefined ? {} : { retryOf }),
      ...(options.lockKey === undefined ? {} : { lockKey: options.lockKey }),
      createdAt: new Date().toISOString(),
    };
    // One round trip: idempotency, both bounds, the record, its number.
    const bounds = { perKey: this.config.maxQueuePerKey, cluster: this.config.maxQueue, maxPriority: MAX_PRIORITY };
    const admitted = await this.state.admitAndCreate(id, meta, snapshot, bounds, `${this.prefix}:${queue}`, this.config.nodeId, slot);
    if ('duplicateOf' in admitted) {
      const existing = slot === undefined ? undefined : await this.idempotent(slot, definition.name);
      if (existing) {
        return existing;
      }
      throw new TaskError(ErrorCode.INTERNAL, 'The task holding this idempotency key could not be read; retry', { retryAfterMs: 1_000 });
    }
    if ('over' in admitted) {
      const over = admitted.over;
      const limit = over === 'key' ? this.config.maxQueuePerKey : this.config.maxQueue;
      const message = over === 'key' ? `This API key already has ${limit} tasks queued or running (its limit); retry when one has finished` : `The queue is full (${limit} tasks waiting in the cluster); retry later`;
      throw new TaskError(ErrorCode.QUEUE_FULL, message, { scope: over, limit, retryAfterMs: 5_000 });
    }
    try {
      beforeQueue?.(id);
      // Keys are served in turn: a key's n-th live task waits behind every key's earlier ones.
      const data: JobData = { taskId: id, input, meta: { ...meta, seq: admitted.seq }, snapshot };
      await this.queues(queue).add(definition.name, data, { jobId: id, priority: admitted.priority, removeOnComplete: true, removeOnFail: true });
    } catch (err) {
      // Not queued: the record ends at once (and leaves the bounds), its input kept for task:retry.
      const error: ErrorBody = { code: ErrorCode.INTERNAL, message: `The task could not be queued: ${(err as Error)?.message ?? String(err)}` };
      await this.state.finish(id, caller.keyId, { ...snapshot, status: 'failed', error, finishedAt: new Date().toISOString() }, false, input).catch(() => undefined);
      throw err;
    }
    this.lifecycleLog.info({ taskId: id, task: definition.name, keyId: caller.keyId, scope, submitter: options.submitter, retryOf, queue, node: this.config.nodeId }, 'task queued');
    // The place the job took as the script saw the queue (no second round trip); a job taken by a
    // worker meanwhile is announced by its runner, a place that changed by the next refresh.
    const position = admitted.position;
    this.waiting.set(id, { record: { id, meta: { ...meta, seq: admitted.seq }, snapshot }, position });
    return { ...snapshot, queuePosition: position };
  }

  private async idempotent(slot: string, task: string): Promise<TaskSnapshot | undefined> {
    const id = await this.redis.get(this.state.key('idem', slot));
    const record = id ? await this.state.load(id) : undefined;
    if (!record) {
      return undefined;
    }
    if (record.meta.task !== task) {
      throw TaskError.validation([{ path: 'options.idempotencyKey', reason: `already used for a ${record.meta.task} task` }]);
    }
    return this.withPosition(record);
  }

  async retry(caller: Caller, taskId: string, baseUrl: string, beforeQueue?: BeforeQueue): Promise<TaskSnapshot> {
    const old = await this.state.owned(caller, taskId);
    const input = isTerminal(old.snapshot.status) ? await this.state.retainedInput(taskId) : undefined;
    const options = retryOptions({
      status: old.snapshot.status,
      input,
      ...(old.meta.requestedTimeoutMs === undefined ? {} : { requestedTimeoutMs: old.meta.requestedTimeoutMs }),
      ...(old.snapshot.submitter === undefined ? {} : { submitter: old.snapshot.submitter }),
      ...(old.meta.lockKey === undefined ? {} : { lockKey: old.meta.lockKey }),
    });
    return this.submit(caller, old.meta.task, input, options, baseUrl, beforeQueue, old.id);
  }

  /** With `watch`, the caller's socket follows the task from this node (task:subscribe). */
  async get(caller: Caller, taskId: string, watch = false): Promise<TaskSnapshot> {
    return this.withPosition(await this.state.owned(caller, taskId, watch ? this.config.nodeId : undefined));
  }

  async cancel(caller: Caller, taskId: string): Promise<TaskSnapshot> {
    const record = await this.state.owned(caller, taskId);
    if (isTerminal(record.snapshot.status)) {
      return record.snapshot;
    }
    const reason: ErrorBody = { code: ErrorCode.CANCELLED, message: 'Cancelled by the client' };
    await this.state.requestStop(taskId, reason);
    const job = await this.queues(record.meta.queue).getJob(taskId);
    let removed = false;
    if (job) {
      const state = await job.getState();
      if (state === 'waiting' || state === 'prioritized' || state === 'delayed') {
        removed = await job.remove().then(
          () => true,
          () => false, // taken by a worker meanwhile: the channel below reaches it
        );
      }
    }
    if (removed && record.snapshot.status === 'queued') {
      record.snapshot = { ...record.snapshot, status: 'cancelled', error: reason, finishedAt: new Date().toISOString() };
      delete record.snapshot.queuePosition;
      const end = await this.state.finish(taskId, record.meta.owner, record.snapshot, false, (job as { data: JobData }).data.input); // the input for task:retry
      if (end.kind === 'saved') {
        this.waiting.delete(taskId);
        this.emit({ ...record, nodes: end.nodes });
      }
      return record.snapshot;
    }
    await this.publishStop(taskId, reason);
    return (await this.state.load(taskId))?.snapshot ?? record.snapshot;
  }

  async list(caller: Caller, query: ListPayload): Promise<RunList> {
    const limit = query.limit ?? 20;
    const items: TaskSnapshot[] = [];
    let before = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
    let lastSeq: number | undefined;
    for (let pages = 0; items.length < limit && pages < 20; pages++) {
      const page = await this.state.runs(caller.keyId, before, limit * 2);
      for (const r of page.records) {
        if (items.length === limit) {
          break;
        }
        lastSeq = r.meta.seq;
        const visible = caller.token === undefined || caller.token.event === r.meta.scope;
        if (visible && (query.status === undefined || r.snapshot.status === query.status) && (query.task === undefined || r.meta.task === query.task)) {
          items.push(await this.withPosition(r));
        }
      }
      if (!page.more || page.lastSeq === undefined) {
        return { items };
      }
      before = page.lastSeq;
    }
    return items.length === limit && lastSeq !== undefined ? { items, nextCursor: encodeCursor(lastSeq) } : { items };
  }

  stats(): TaskStats {
    return { queued: this.queuedCache, running: this.runner.size, draining: this.draining };
  }

  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    clearInterval(this.timer);
    await this.runner.drain(graceMs);
  }

  private async withPosition(record: ClusterRecord): Promise<TaskSnapshot> {
    if (record.snapshot.status !== 'queued') {
      return record.snapshot;
    }
    const position = await this.positionOf(record.meta.queue, record.id);
    return position === undefined ? record.snapshot : { ...record.snapshot, queuePosition: position };
  }

  /** 1-based place among the queue's waiting jobs (prioritized, then a job waiting for its lock). */
  positionOf(queue: string, id: string): Promise<number | undefined> {
    return this.state.position(`${this.prefix}:${queue}`, id);
  }

  /** Queue depth for /health and /metrics; new positions for this node's waiting tasks (one round trip per queue). */
  private async refresh(): Promise<void> {
    this.queuedCache = await this.state.queuedCount();
    const byQueue = new Map<string, string[]>();
    for (const [id, { record }] of this.waiting) {
      byQueue.set(record.meta.queue, [...(byQueue.get(record.meta.queue) ?? []), id]);
    }
    for (const [queue, ids] of byQueue) {
      const rows = await this.state.positions(`${this.prefix}:${queue}`, ids);
      rows.forEach(({ position, nodes }, i) => {
        const entry = this.waiting.get(ids[i]);
        if (!entry) {
          return; // ended meanwhile
        }
        if (position === 0) {
          this.waiting.delete(ids[i]); // running (or ended): its runner tells its clients
        } else if (position !== entry.position) {
          entry.position = position;
          this.emit({ ...entry.record, nodes, snapshot: { ...entry.record.snapshot, queuePosition: position } });
        }
      });
    }
  }

  /** Owner of a task, for the files and cancel paths. */
  static owner(record: ClusterRecord): KeyId {
    return record.meta.owner;
  }
}
