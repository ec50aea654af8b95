import { randomUUID } from 'node:crypto';
import {
  ErrorCode,
  type ErrorBody,
  type ListPayload,
  type RunList,
  type SubmitOptions,
  type TaskCatalogEntry,
  type TaskSnapshot,
  type TaskStatus,
} from '@jpsp/contracts';
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.js';
import type { AppConfig } from '../config/env.js';
import { TaskError } from '../common/task-error.js';
import { validateDto } from '../common/validate-dto.js';
import type { ExecutionOutcome, ExecutionRequest, TaskExecutor } from '../executor/task-executor.js';
import { startFanOut } from '../executor/fan-out.js';
import type { Metrics } from '../metrics/metrics.service.js';
import type { ResultStore } from '../results/result-store.js';
import type { TaskRegistry } from '../task-definitions/task-registry.js';
import { checkGrant } from '../auth/widget-token.js';
import { Admission } from './admission.js';
import { FairQueue } from './fair-queue.js';
import { estimateEta, snapshotOf, type TaskRecord } from './task-record.js';
import { listRuns } from './run-list.js';
import { TaskTable } from './task-table.js';
import { TaskLocks } from './task-locks.js';
import { nodeCapabilities, unmetNeeds } from '../task-definitions/capabilities.js';
import { TaskApi, type BeforeQueue, type TaskStats, type UpdateListener } from './task-api.js';
import { retryOptions } from './task-retry.js';

/** `true` when the first task starts running, `false` when the last running one ends. */
export type ActivityListener = (busy: boolean) => void;

const POSITION_FLUSH_MS = 100;

/**
 * The task lifecycle: submit → queued → running → completed | failed | cancelled, with
 * idempotency, tenancy, a bounded queue in front of the executor (served round-robin between
 * API keys, each key bounded), timeouts, throttled progress and draining. Transports (gateway,
 * controller) are thin layers over this class.
 */
export class TasksService extends TaskApi {
  readonly distributed = false;
  private readonly tasks = new TaskTable();
  /** Waiting tasks, one FIFO lane per API key, served round-robin. */
  private readonly queue = new FairQueue<TaskRecord>();
  private readonly admission: Admission;
  private readonly locks = new TaskLocks();
  private readonly capabilities: string[];
  private readonly listeners: UpdateListener[] = [];
  private readonly activity: ActivityListener[] = [];
  private running = 0;
  private draining = false;
  private positionTimer?: NodeJS.Timeout;
  private readonly forgetTimer: NodeJS.Timeout;
  private readonly idle = new Set<() => void>();
  /**
   * For the two lines every task writes (queued, finished): their fields are ids, names, a status
   * and counters built here, never a credential, so they skip pino's redaction pass, which was
   * half their cost (~4.7 µs a line). Everything else goes through the redacting logger.
   */
  private readonly lifecycleLog: Logger;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: TaskRegistry,
    private readonly executor: TaskExecutor,
    private readonly results: ResultStore,
    private readonly metrics: Metrics,
    private readonly log: Logger,
  ) {
    super();
    this.capabilities = nodeCapabilities(config);
    this.lifecycleLog = log.child({}, { redact: { paths: [] } });
    this.admission = new Admission(config, results);
    this.forgetTimer = setInterval(() => this.tasks.forgetExpired(), Math.min(config.sweepIntervalMs, 60_000));
    this.forgetTimer.unref();
  }

  onUpdate(listener: UpdateListener): void {
    this.listeners.push(listener);
  }

  onActivity(listener: ActivityListener): void {
    this.activity.push(listener);
  }

  catalog(): TaskCatalogEntry[] {
    return this.registry.catalog();
  }

  submit(caller: Caller, task: string, input: unknown, options: SubmitOptions = {}, baseUrl: string, beforeQueue?: BeforeQueue, retryOf?: string): TaskSnapshot {
    if (this.draining) {
      this.admission.refuseWhileDraining();
    }
    const definition = this.registry.get(task);
    checkGrant(caller, definition.name);
    if (options.idempotencyKey !== undefined) {
      const existing = this.tasks.idempotent(caller, options.idempotencyKey);
      if (existing) {
        if (existing.definition !== definition) {
          throw TaskError.validation([{ path: 'options.idempotencyKey', reason: `already used for a ${existing.definition.name} task` }]);
        }
        return this.snapshot(existing);
      }
    }

    const timeoutMs = options.timeoutMs ?? Math.min(definition.defaultTimeoutMs, this.config.maxTimeoutMs);
    if (timeoutMs > this.config.maxTimeoutMs) {
      throw TaskError.validation([{ path: 'options.timeoutMs', reason: `must not be greater than the server's maximum of ${this.config.maxTimeoutMs} ms` }]);
    }
    validateDto(definition.inputDto, input, 'input');
    const deep = [...(definition.validate?.(input) ?? []), ...unmetNeeds(definition, input, this.capabilities, 'server')];
    if (deep.length > 0) {
      throw TaskError.validation(deep.map((e) => ({ path: e.path ? `input.${e.path}` : 'input', reason: e.reason })));
    }
    const mustQueue = this.running >= this.executor.capacity || this.queue.size > 0;
    this.admission.check(caller, definition, this.queue.size, mustQueue, this.executor.capacity);

    const record: TaskRecord = {
      id: randomUUID(),
      definition,
      owner: caller.keyId,
      ...(caller.token ? { scope: caller.token.event } : {}),
      input,
      timeoutMs,
      baseUrl,
      status: 'queued',
      createdAt: Date.now(),
      ...(options.idempotencyKey === undefined ? {} : { idempotencyKey: options.idempotencyKey }),
      ...(options.timeoutMs === undefined ? {} : { requestedTimeoutMs: options.timeoutMs }),
      ...(options.submitter === undefined ? {} : { submitter: options.submitter }),
      ...(options.lockKey === undefined ? {} : { lockKey: options.lockKey }),
      ...(retryOf === undefined ? {} : { retryOf }),
    };
    this.tasks.add(record);
    beforeQueue?.(record.id);
    this.admission.added(caller.keyId);
    this.queue.push(record.owner, record);
    this.metrics.status(definition.name, 'queued');
    this.lifecycleLog.info({ taskId: record.id, task: definition.name, keyId: caller.keyId, scope: record.scope, submitter: record.submitter, retryOf }, 'task queued');
    this.pump();
    return this.snapshot(record);
  }

  /** A new run with the same input and options as a failed or cancelled one (`task:retry`). */
  retry(caller: Caller, taskId: string, baseUrl: string, beforeQueue?: BeforeQueue): TaskSnapshot {
    const old = this.tasks.owned(caller, taskId);
    return this.submit(caller, old.definition.name, old.input, retryOptions(old), baseUrl, beforeQueue, old.id);
  }

  /** The caller's runs still known, newest first (`task:list`, `GET /api/runs`). */
  list(caller: Caller, query: ListPayload): RunList {
    return listRuns(this.tasks, caller, query, (r) => this.snapshot(r));
  }

  get(caller: Caller, taskId: string): TaskSnapshot {
    return this.snapshot(this.tasks.owned(caller, taskId));
  }

  cancel(caller: Caller, taskId: string): TaskSnapshot {
    const record = this.tasks.owned(caller, taskId);
    this.stop(record, { code: ErrorCode.CANCELLED, message: 'Cancelled by the client' });
    return this.snapshot(record);
  }

  stats(): TaskStats {
    return { queued: this.queue.size, running: this.running, draining: this.draining };
  }

  /**
   * Graceful shutdown: refuse new tasks, cancel the queued ones, give running ones `graceMs`
   * to finish, then stop them. Every client gets its final snapshot.
   */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const reason: ErrorBody = { code: ErrorCode.SHUTTING_DOWN, message: 'The server shut down before the task could finish; submit it again' };
    for (const record of [...this.queue.ordered()]) {
      this.stop(record, reason);
    }
    if (this.running > 0) {
      const done = new Promise<void>((resolve) => this.idle.add(resolve));
      const timer = setTimeout(() => {
        for (const record of this.tasks.values()) {
          if (record.status === 'running') {
            this.stop(record, reason);
          }
        }
      }, graceMs);
      await done;
      clearTimeout(timer);
    }
    clearInterval(this.forgetTimer);
    clearTimeout(this.positionTimer);
  }

  private snapshot(record: TaskRecord): TaskSnapshot {
    return snapshotOf(record, record.status === 'queued' ? this.positionOf(record.id) : undefined);
  }

  private positionOf(id: string): number | undefined {
    return this.queue.positionOf(id);
  }

  private emit(record: TaskRecord, snapshot = this.snapshot(record)): void {
    for (const listener of this.listeners) {
      listener(record.owner, snapshot);
    }
  }

  /** Starts queued tasks while the executor has free workers. */
  private pump(): void {
    let shifted = false;
    // A task starts when a worker is free and the result area can give it a write budget; when
    // nothing runs or is being deleted it starts anyway (and fails with STORAGE_FULL), so nothing
    // waits forever.
    while (this.running < this.executor.capacity && this.queue.size > 0 && (this.results.canAllocate() || (this.running === 0 && !this.results.isDeleting()))) {
      const record = this.queue.shiftWhere((r) => this.locks.free(r)); // a task waiting for its lock keeps its place
      if (!record) {
        break;
      }
      shifted = true;
      this.start(record);
    }
    if (shifted && this.queue.size > 0) {
      this.schedulePositions();
    }
  }

  /** Queue positions changed: tell every waiting task, at most every POSITION_FLUSH_MS. */
  private schedulePositions(): void {
    this.positionTimer ??= setTimeout(() => {
      this.positionTimer = undefined;
      let i = 0;
      for (const record of this.queue.ordered()) {
        this.emit(record, snapshotOf(record, ++i));
      }
    }, POSITION_FLUSH_MS);
  }

  private start(record: TaskRecord): void {
    let allocation: { dir: string; budget: number };
    try {
      allocation = this.results.allocate(record.id);
    } catch (err) {
      this.finish(record, 'failed', { code: (err as TaskError).code ?? ErrorCode.INTERNAL, message: (err as Error).message });
      return;
    }
    record.dir = allocation.dir;
    record.budget = allocation.budget;
    record.status = 'running';
    record.startedAt = Date.now();
    this.locks.take(record);
    if (++this.running === 1) {
      for (const listener of this.activity) {
        listener(true);
      }
    }
    this.metrics.status(record.definition.name, 'running');
    const fanOut = record.definition.fanOut;
    const request: ExecutionRequest = {
      taskId: record.id,
      runModule: record.definition.runModule,
      input: record.input,
      outDir: allocation.dir,
      maxResultBytes: allocation.budget,
      timeoutMs: record.timeoutMs,
      onEvent: (event) => {
        if (event.type === 'progress' && record.status === 'running') {
          record.progress = { percent: event.percent, phase: event.phase, ...(event.message === undefined ? {} : { message: event.message }) };
          const etaMs = estimateEta(event.percent, Date.now() - (record.startedAt ?? Date.now()));
          if (etaMs !== undefined) {
            record.progress.etaMs = etaMs;
          }
          this.scheduleProgress(record);
        }
      },
    };
    record.execution = fanOut ? startFanOut(this.executor, fanOut, request, this.config.fetch) : this.executor.start(request);
    // debug, not info: one info line at submit and one at the end are enough per task (each costs ~8 µs).
    this.log.debug({ taskId: record.id, task: record.definition.name }, 'task started');
    this.emit(record);
    record.execution.outcome.then(
      (outcome) => this.settle(record, outcome),
      (err: unknown) => this.settle(record, { ok: false, error: { code: ErrorCode.INTERNAL, message: `Executor failure: ${(err as Error)?.message}` } }),
    );
  }

  private scheduleProgress(record: TaskRecord): void {
    if (record.progressTimer) {
      return; // the pending timer sends the latest progress
    }
    const interval = this.config.progressIntervalMs;
    const since = Date.now() - (record.lastProgressEmit ?? 0);
    if (since >= interval) {
      record.lastProgressEmit = Date.now();
      this.emit(record);
    } else {
      record.progressTimer = setTimeout(() => {
        record.progressTimer = undefined;
        if (record.status === 'running') {
          record.lastProgressEmit = Date.now();
          this.emit(record);
        }
      }, interval - since);
    }
  }

  private settle(record: TaskRecord, outcome: ExecutionOutcome): void {
    this.running--;
    record.execution = undefined;
    const dir = record.dir as string;
    const budget = record.budget ?? 0;
    if (outcome.ok) {
      const files = this.results.publish(record.id, dir, budget, outcome.files, record.baseUrl);
      record.result = outcome.data === undefined ? { files, warnings: outcome.warnings } : { files, warnings: outcome.warnings, data: outcome.data };
      this.finish(record, 'completed');
    } else {
      void this.results
        .discard(dir, budget)
        .catch((err: unknown) => this.log.error({ err, taskId: record.id }, 'could not delete a task directory'))
        .finally(() => this.pump()); // its budget is free now
      const error = record.stopRequested ?? outcome.error;
      const status: TaskStatus = error.code === ErrorCode.CANCELLED || error.code === ErrorCode.SHUTTING_DOWN ? 'cancelled' : 'failed';
      this.finish(record, status, error);
    }
    this.pump();
    if (this.running === 0) {
      for (const listener of this.activity) {
        listener(false);
      }
      for (const resolve of this.idle) {
        resolve();
      }
      this.idle.clear();
    }
  }

  /** Cancels a queued task at once, or stops a running one (its outcome then finishes it). */
  private stop(record: TaskRecord, reason: ErrorBody): void {
    if (record.status === 'queued') {
      this.queue.delete(record.id);
      this.finish(record, 'cancelled', reason);
      this.schedulePositions();
    } else if (record.status === 'running' && !record.stopRequested) {
      record.stopRequested = reason;
      record.execution?.abort(reason);
    }
  }

  private finish(record: TaskRecord, status: TaskStatus, error?: ErrorBody): void {
    this.locks.release(record);
    clearTimeout(record.progressTimer);
    record.progressTimer = undefined;
    record.status = status;
    record.finishedAt = Date.now();
    if ((status === 'failed' || status === 'cancelled') && !this.draining && record.input !== undefined) {
      this.tasks.retainInput(record); // for task:retry
    } else {
      record.input = undefined;
    }
    record.forgetAt = record.finishedAt + this.config.resultTtlMs;
    if (error) {
      record.error = error;
    }
    if (record.progress) {
      const { etaMs: _done, ...progress } = record.progress;
      record.progress = status === 'completed' ? { ...progress, percent: 100 } : progress;
    }
    this.metrics.status(record.definition.name, status);
    const runMs = record.startedAt === undefined ? undefined : record.finishedAt - record.startedAt;
    this.admission.ended(record.owner, runMs);
    if (runMs !== undefined) {
      this.metrics.finished(record.definition.name, status, runMs / 1000);
    }
    this.lifecycleLog.info(
      {
        taskId: record.id,
        task: record.definition.name,
        keyId: record.owner,
        status,
        code: error?.code,
        ms: record.finishedAt - record.createdAt,
        waitMs: (record.startedAt ?? record.finishedAt) - record.createdAt,
      },
      'task finished',
    );
    this.emit(record);
  }
}
