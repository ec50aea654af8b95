import { ErrorCode, type ErrorBody } from '@jpsp/contracts';
import { Queue, QueueEvents, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Execution, ExecutionOutcome, ExecutionRequest, TaskExecutor } from '../executor/task-executor.js';

/** The queue of fan-out children, served by every node. */
export const CHILDREN_QUEUE = 'children';

interface ChildData {
  runModule: string;
  input: unknown;
  timeoutMs: number;
}

/**
 * Cluster mode's fan-out: a parent's children (one per paper) become jobs of one BullMQ queue that
 * every node serves, so a 1,500-paper check spreads over the whole cluster. Seen from the parent's
 * `startFanOut`, this is an executor whose capacity is the cluster's; each child's outcome comes
 * back through the queue's events. A child whose node dies is taken over by another (BullMQ's
 * stalled check); a cancelled parent removes its waiting children and stops its running ones
 * wherever they are (the cancel channel).
 */
export class ClusterChildren implements TaskExecutor {
  private readonly queue: Queue<ChildData>;
  private readonly events: QueueEvents;
  private readonly waiters = new Map<string, (outcome: ExecutionOutcome) => void>();
  private worker?: Worker<ChildData>;
  /** Children running on this node, by job id (for a cancel from the parent's node). */
  private readonly local = new Map<string, Execution>();

  constructor(
    connection: () => Redis,
    private readonly prefix: string,
    private readonly clusterCapacity: () => number,
    private readonly publishStop: (id: string, reason: ErrorBody) => Promise<void>,
    private readonly log: Logger,
  ) {
    this.queue = new Queue<ChildData>(CHILDREN_QUEUE, { connection: connection(), prefix });
    this.queue.on('error', (err) => log.debug({ err: err.message }, 'children queue connection error'));
    this.events = new QueueEvents(CHILDREN_QUEUE, { connection: connection(), prefix });
    this.events.on('error', (err) => log.debug({ err: err.message }, 'children events connection error'));
    this.events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, parseOutcome(returnvalue)));
    this.events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, { ok: false, error: { code: ErrorCode.WORKER_CRASHED, message: `The child's node stopped (${failedReason})` } }));
  }

  get capacity(): number {
    return Math.max(1, this.clusterCapacity());
  }

  /** Serves the children queue on this node, each child in this node's pool. */
  serve(connection: () => Redis, executor: TaskExecutor, tempDir: string, lockDurationMs: number): void {
    this.worker = new Worker<ChildData>(
      CHILDREN_QUEUE,
      async (job: Job<ChildData>) => {
        const execution = executor.start({
          taskId: job.id as string,
          runModule: job.data.runModule,
          input: job.data.input,
          // A child writes no file: no quota, no directory.
          outDir: `${tempDir}/.children/${job.id as string}`,
          maxResultBytes: 0,
          timeoutMs: job.data.timeoutMs,
          onEvent: () => undefined,
        });
        this.local.set(job.id as string, execution);
        try {
          const outcome = await execution.outcome;
          this.log.debug({ child: job.id, ok: outcome.ok }, 'child done');
          return JSON.stringify(outcome);
        } finally {
          this.local.delete(job.id as string);
        }
      },
      { connection: connection(), prefix: this.prefix, concurrency: executor.capacity, lockDuration: lockDurationMs, stalledInterval: lockDurationMs / 2, maxStalledCount: 2 },
    );
    this.worker.on('error', (err) => this.log.warn({ err }, 'children worker error'));
  }

  start(req: ExecutionRequest): Execution {
    // BullMQ ids may not hold ':' (the fan-out names children `<parent>:<index>`).
    const id = req.taskId.replace(/:/g, '-');
    const outcome = new Promise<ExecutionOutcome>((resolve) => this.waiters.set(id, resolve));
    const timer = setTimeout(() => this.settle(id, { ok: false, error: { code: ErrorCode.TIMEOUT, message: `The child exceeded its timeout of ${req.timeoutMs} ms` } }), req.timeoutMs + 60_000);
    timer.unref();
    void outcome.finally(() => clearTimeout(timer));
    this.queue.add('child', { runModule: req.runModule, input: req.input, timeoutMs: req.timeoutMs }, { jobId: id, removeOnComplete: true, removeOnFail: true }).catch((err: unknown) => {
      this.settle(id, { ok: false, error: { code: ErrorCode.INTERNAL, message: `Could not queue a child: ${(err as Error).message}` } });
    });
    return {
      outcome,
      abort: (error: ErrorBody) => void this.abort(id, error),
    };
  }

  /** A cancel for a child running here (from the cancel channel). */
  stopLocal(id: string, reason: ErrorBody): boolean {
    const execution = this.local.get(id);
    execution?.abort(reason);
    return execution !== undefined;
  }

  private async abort(id: string, error: ErrorBody): Promise<void> {
    const job = await this.queue.getJob(id).catch(() => undefined);
    const state = job ? await job.getState().catch(() => 'unknown') : 'unknown';
    if (job && (state === 'waiting' || state === 'prioritized' || state === 'delayed') && (await job.remove().then(() => true, () => false))) {
      this.settle(id, { ok: false, error });
      return;
    }
    await this.publishStop(id, error).catch(() => undefined);
  }

  private settle(id: string, outcome: ExecutionOutcome): void {
    const resolve = this.waiters.get(id);
    if (resolve) {
      this.waiters.delete(id);
      resolve(outcome);
    }
  }

  stats(): { running: number; workers: number } {
    return { running: this.local.size, workers: 0 };
  }

  async destroy(): Promise<void> {
    await Promise.allSettled([this.worker?.close(), this.events.close(), this.queue.close()]);
  }

  async drain(): Promise<void> {
    await this.worker?.close();
  }
}

function parseOutcome(value: unknown): ExecutionOutcome {
  try {
    const parsed = (typeof value === 'string' ? JSON.parse(value) : value) as ExecutionOutcome | string;
    return typeof parsed === 'string' ? (JSON.parse(parsed) as ExecutionOutcome) : parsed;
  } catch {
    return { ok: false, error: { code: ErrorCode.INTERNAL, message: 'A child answered something unreadable' } };
  }
}
