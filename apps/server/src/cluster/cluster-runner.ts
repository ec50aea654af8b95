import { ErrorCode, isTerminal, type ErrorBody, type TaskSnapshot, type TaskStatus } from '@jpsp/contracts';
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/env.js';
import { startFanOut } from '../executor/fan-out.js';
import type { Execution, ExecutionOutcome, TaskExecutor } from '../executor/task-executor.js';
import type { ResultStore } from '../results/result-store.js';
import type { TaskRegistry } from '../task-definitions/task-registry.js';
import { estimateEta } from '../tasks/task-record.js';
import type { ClusterChildren } from './cluster-children.js';
import type { ClusterFiles } from './cluster-files.js';
import type { ClusterMeta, ClusterRecord, ClusterState, FinishAnswer } from './cluster-state.js';

export interface JobData {
  taskId: string;
  input: unknown;
  /** The record as submitted (a job queued by an older node has none: its record is read). */
  meta?: ClusterMeta;
  snapshot?: TaskSnapshot;
}

interface Running {
  record: ClusterRecord;
  execution?: Execution;
  stop?: ErrorBody;
  /** Writes and announces the start if the task still runs RUNNING_NOTICE_DELAY_MS after it. */
  announce?: NodeJS.Timeout;
  beginning?: Promise<void>;
}

/**
 * A task that ends this soon after its start is recorded and announced once, by its end (as in
 * embedded mode, where a task that starts at submit is never announced `running` to its
 * submitter): the start's write is a Redis round trip, its update a Socket.IO message and, when
 * the room has members elsewhere, a Redis stream entry read by every node. Until then the stored
 * status stays `queued` (without a position).
 */
const RUNNING_NOTICE_DELAY_MS = 20;

/** A crashed node's jobs are taken over after about lockDuration + stalledInterval (≤ 15 s). */
export const LOCK_DURATION_MS = 10_000;
const STALLED_INTERVAL_MS = 5_000;
const LOCK_LEASE_MS = 30_000;
const LOCK_RETRY_MS = 300;

/**
 * The cluster's workers on this node: BullMQ `Worker`s on the queues whose capabilities this node
 * has, each job run in this node's worker pool (never on the event loop, so BullMQ's lock renewal
 * stays on time). Progress and the end are written to Redis and broadcast to every node's sockets;
 * a cancel from any node arrives on a Redis channel; a node that dies mid-run has its job taken
 * over by BullMQ's stalled check on a live node (run again if the task is `repeatable`, else
 * ended `WORKER_CRASHED`).
 */
export class ClusterRunner {
  private readonly workers: Worker[] = [];
  private readonly running = new Map<string, Running>();
  /** The task lifecycle lines: fields of our own, no credential to redact (as in embedded mode). */
  private readonly lifecycleLog: Logger;

  constructor(
    private readonly config: AppConfig,
    private readonly registry: TaskRegistry,
    private readonly executor: TaskExecutor,
    private readonly area: ResultStore,
    private readonly files: ClusterFiles,
    private readonly state: ClusterState,
    private readonly emit: (record: ClusterRecord) => void,
    private readonly children: ClusterChildren,
    private readonly log: Logger,
  ) {
    this.lifecycleLog = log.child({}, { redact: { paths: [] } });
  }

  get size(): number {
    return this.running.size;
  }

  /** Starts a worker on each queue (named by the capabilities its tasks need) this node can serve. */
  start(queues: string[], connection: () => Redis, prefix: string): void {
    for (const name of queues) {
      const worker = new Worker<JobData>(name, (job, token) => this.process(job, token), {
        connection: connection(),
        prefix,
        concurrency: this.executor.capacity,
        lockDuration: LOCK_DURATION_MS,
        stalledInterval: STALLED_INTERVAL_MS,
        maxStalledCount: 1,
      });
      worker.on('error', (err) => this.log.warn({ err, queue: name }, 'queue worker error'));
      // A job BullMQ gave up on (the node running it died twice): failed by whichever worker
      // fetched it next, here (BullMQ fails such a job in the worker, not in the stalled check).
      worker.on('failed', (job) => {
        if (job) {
          void this.crashed(job.data.taskId, `The node running this task stopped (${job.failedReason})`, job.data.input).catch((err: unknown) => this.log.error({ err }, 'could not end a failed job'));
        }
      });
      this.workers.push(worker);
    }
  }

  /** A cancel published by any node: stop the run if it is here. */
  stopLocal(taskId: string, reason: ErrorBody): void {
    const run = this.running.get(taskId);
    if (run) {
      run.stop ??= reason;
      run.execution?.abort(reason);
      return;
    }
    this.children.stopLocal(taskId, reason);
  }

  private async process(job: Job<JobData>, token?: string): Promise<void> {
    const { taskId, meta, snapshot } = job.data;
    const record = meta && snapshot ? { id: taskId, meta, snapshot } : await this.state.load(taskId);
    if (!record) {
      return; // forgotten
    }
    const definition = this.registry.get(record.meta.task);
    // A job back from BullMQ's stalled check: the node that ran it died (a job delayed while it
    // waited for its lock is not one of these).
    if (job.stalledCounter > 0 && !definition.repeatable) {
      await this.crashed(taskId, 'The node running this task stopped; the task cannot safely run twice: submit it again', job.data.input);
      return;
    }
    if (record.meta.lockKey !== undefined && !(await this.takeLock(record))) {
      await job.moveToDelayed(Date.now() + LOCK_RETRY_MS, token);
      throw new DelayedError();
    }
    const run: Running = { record };
    this.running.set(taskId, run);
    const renew = setInterval(() => void this.renewLock(record).catch(() => undefined), LOCK_LEASE_MS / 3);
    renew.unref();
    let allocation: { dir: string; budget: number } | undefined;
    try {
      const startedAt = Date.now();
      const running: TaskSnapshot = { ...record.snapshot, status: 'running', startedAt: new Date(startedAt).toISOString() };
      delete running.queuePosition;
      delete running.progress;
      record.snapshot = running;
      // The start is written (one round trip, which also says whether the task is still wanted)
      // and announced only if the task still runs a moment later: a shorter task's end says it all.
      run.announce = setTimeout(() => {
        run.beginning = this.begin(run);
      }, RUNNING_NOTICE_DELAY_MS);
      this.lifecycleLog.debug({ taskId, task: record.meta.task, node: this.config.nodeId, attempt: job.attemptsStarted }, 'task started');
      allocation = this.area.allocate(taskId);
      const request = {
        taskId,
        runModule: definition.runModule,
        input: job.data.input,
        outDir: allocation.dir,
        maxResultBytes: allocation.budget,
        timeoutMs: record.meta.timeoutMs,
        onEvent: this.progressHandler(record, startedAt),
      };
      // A fan-out's children spread over every node (each fetches its own file); its merge runs here.
      run.execution = definition.fanOut ? startFanOut(this.executor, definition.fanOut, request, this.config.fetch, { executor: this.children, fetchInChild: true }) : this.executor.start(request);
      if (run.stop) {
        run.execution.abort(run.stop); // a cancel that came meanwhile
      }
      const outcome = await run.execution.outcome;
      clearTimeout(run.announce);
      await run.beginning; // its write goes before the end's
      await this.settle(record, run, outcome, allocation, job.data.input);
    } catch (err) {
      if (allocation) {
        await this.area.discard(allocation.dir, allocation.budget).catch(() => undefined);
      }
      this.log.error({ err, taskId }, 'cluster task failed to run');
      await this.finish(record, 'failed', { code: ErrorCode.INTERNAL, message: `The task could not run: ${(err as Error)?.message ?? String(err)}` }, job.data.input);
    } finally {
      clearInterval(renew);
      clearTimeout(run.announce);
      this.running.delete(taskId);
      await this.releaseLock(record).catch(() => undefined);
    }
  }

  /**
   * Writes the start of a run still going (the status `running`, the task out of the queued count)
   * and announces it; a task cancelled meanwhile (or ended by another node) is stopped.
   */
  private async begin(run: Running): Promise<void> {
    const { record } = run;
    try {
      const begun = await this.state.start(record.id, record.snapshot);
      if (begun.kind === 'ok') {
        record.nodes = begun.nodes;
        if (record.snapshot.status === 'running') {
          this.emit(record);
        }
        return;
      }
      this.stopLocal(record.id, begun.kind === 'stop' ? begun.stop : { code: ErrorCode.CANCELLED, message: 'The task ended meanwhile' });
    } catch (err) {
      // Redis away: the run goes on, its end is written (with retries) when it comes.
      this.log.warn({ err: (err as Error).message, taskId: record.id }, 'could not record a task start');
    }
  }

  /** A job BullMQ gave up on (its node died again), or one that cannot run twice: WORKER_CRASHED. */
  private async crashed(taskId: string, message: string, input: unknown): Promise<void> {
    const stored = await this.state.load(taskId); // with the progress last saved
    if (stored && !isTerminal(stored.snapshot.status)) {
      await this.finish(stored, 'failed', { code: ErrorCode.WORKER_CRASHED, message }, input);
    }
  }

  private progressHandler(record: ClusterRecord, startedAt: number): (event: { type: string; percent?: number; phase?: string; message?: string }) => void {
    let last = 0;
    let timer: NodeJS.Timeout | undefined;
    const flush = () => {
      timer = undefined;
      last = Date.now();
      if (record.snapshot.status === 'running') {
        // Sent once saved, to the nodes the save read (not after the end: the save would not write).
        const snapshot = record.snapshot;
        this.state.save(record.id, snapshot).then(
          (nodes) => nodes !== undefined && this.emit({ ...record, snapshot, nodes }),
          () => undefined,
        );
      }
    };
    return (event) => {
      if (event.type !== 'progress' || record.snapshot.status !== 'running') {
        return;
      }
      const progress: TaskSnapshot['progress'] = { percent: event.percent ?? 0, phase: event.phase ?? '', ...(event.message === undefined ? {} : { message: event.message }) };
      const eta = estimateEta(progress.percent, Date.now() - startedAt);
      if (eta !== undefined) {
        progress.etaMs = eta;
      }
      record.snapshot = { ...record.snapshot, progress };
      const wait = this.config.progressIntervalMs - (Date.now() - last);
      if (wait <= 0) {
        flush();
      } else {
        timer ??= setTimeout(flush, wait);
      }
    };
  }

  private async settle(record: ClusterRecord, run: Running, outcome: ExecutionOutcome, allocation: { dir: string; budget: number }, input: unknown): Promise<void> {
    if (outcome.ok && !run.stop && outcome.files.length > 0) {
      run.stop = await this.state.stopRequested<ErrorBody>(record.id); // before uploading anything
    }
    if (outcome.ok && !run.stop) {
      const files = await this.files.publish(record.id, allocation.dir, outcome.files, record.meta.baseUrl);
      if (outcome.files.length === 0) {
        this.area.release(allocation.budget); // nothing written, no directory made
      } else {
        await this.area.discard(allocation.dir, allocation.budget); // uploaded: the local copies go
      }
      const result = outcome.data === undefined ? { files, warnings: outcome.warnings } : { files, warnings: outcome.warnings, data: outcome.data };
      // Without files, a cancel that came meanwhile still wins (read in the same round trip).
      const end = await this.finish(record, 'completed', undefined, undefined, result, files.length === 0);
      if (end?.kind === 'stop') {
        await this.finish(record, 'cancelled', end.stop, input);
      }
      return;
    }
    await this.area.discard(allocation.dir, allocation.budget);
    const error = run.stop ?? (outcome.ok ? { code: ErrorCode.INTERNAL, message: 'stopped' } : outcome.error);
    const status: TaskStatus = error.code === ErrorCode.CANCELLED || error.code === ErrorCode.SHUTTING_DOWN ? 'cancelled' : 'failed';
    await this.finish(record, status, error, input);
  }

  /**
   * Writes the end (one round trip, retried while Redis is away), once per task whichever node
   * gets there first, and sends it. The input of a run that did not complete is kept for
   * task:retry. With `stopWins`, a cancel asked meanwhile is answered (kind `stop`) instead.
   */
  async finish(record: ClusterRecord, status: TaskStatus, error: ErrorBody | undefined, input?: unknown, result?: TaskSnapshot['result'], stopWins = false): Promise<FinishAnswer | undefined> {
    const snapshot: TaskSnapshot = { ...record.snapshot, status, finishedAt: new Date().toISOString() };
    delete snapshot.queuePosition;
    if (error) {
      snapshot.error = error;
    }
    if (result) {
      snapshot.result = result;
    }
    if (snapshot.progress) {
      const { etaMs: _eta, ...progress } = snapshot.progress;
      snapshot.progress = status === 'completed' ? { ...progress, percent: 100 } : progress;
    }
    const end = await retrying(() => this.state.finish(record.id, record.meta.owner, snapshot, stopWins, input), this.log);
    if (end?.kind === 'saved') {
      record.snapshot = snapshot;
      record.nodes = end.nodes;
      const finishedAt = Date.parse(snapshot.finishedAt as string);
      const waitMs = (snapshot.startedAt === undefined ? finishedAt : Date.parse(snapshot.startedAt)) - Date.parse(snapshot.createdAt);
      this.lifecycleLog.info({ taskId: record.id, task: record.meta.task, keyId: record.meta.owner, status, code: error?.code, node: this.config.nodeId, ms: finishedAt - Date.parse(snapshot.createdAt), waitMs }, 'task finished');
      this.emit(record);
    }
    return end;
  }

  private lockKeyOf(record: ClusterRecord): string {
    return this.state.key('lock', `${record.meta.owner}:${record.meta.lockKey as string}`);
  }

  /** The lock is this task's (again, after a fail-over) or free. */
  private async takeLock(record: ClusterRecord): Promise<boolean> {
    const key = this.lockKeyOf(record);
    if ((await this.state.redis.set(key, record.id, 'PX', LOCK_LEASE_MS, 'NX')) === 'OK') {
      return true;
    }
    return (await this.state.redis.get(key)) === record.id;
  }

  private async renewLock(record: ClusterRecord): Promise<void> {
    if (record.meta.lockKey !== undefined && (await this.state.redis.get(this.lockKeyOf(record))) === record.id) {
      await this.state.redis.pexpire(this.lockKeyOf(record), LOCK_LEASE_MS);
    }
  }

  private async releaseLock(record: ClusterRecord): Promise<void> {
    if (record.meta.lockKey !== undefined && (await this.state.redis.get(this.lockKeyOf(record))) === record.id) {
      await this.state.redis.del(this.lockKeyOf(record));
    }
  }

  /** SIGTERM: take no more jobs; running ones get `graceMs`, then stop (their jobs' work is not lost: they end cancelled). */
  async drain(graceMs: number): Promise<void> {
    const closing = Promise.all([...this.workers.map((w) => w.close()), this.children.drain()]).catch(() => undefined);
    const timer = setTimeout(() => {
      for (const run of this.running.values()) {
        this.stopLocal(run.record.id, { code: ErrorCode.SHUTTING_DOWN, message: 'The node shut down before the task could finish; submit it again' });
      }
    }, graceMs);
    // With Redis away the workers cannot say goodbye: stop waiting a few seconds after the grace.
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, graceMs + 5_000).unref())]);
    clearTimeout(timer);
    await Promise.race([Promise.all(this.workers.map((w) => w.close(true))).catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
}

/** Retries a Redis write for up to a minute (a Redis restart must not leave a task `running` forever). */
async function retrying<T>(fn: () => Promise<T>, log: Logger): Promise<T | undefined> {
  for (let delay = 100, waited = 0; ; delay = Math.min(delay * 2, 5_000)) {
    try {
      return await fn();
    } catch (err) {
      if (waited > 60_000) {
        log.error({ err }, 'cluster state write failed');
        return undefined;
      }
      await new Promise((r) => setTimeout(r, delay));
      waited += delay;
    }
  }
}
