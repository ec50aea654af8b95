import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { BroadcastChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { ErrorCode, type ErrorBody } from '@jpsp/contracts';
import type { Logger } from 'pino';
import { Tinypool } from 'tinypool';
import type { Execution, ExecutionOutcome, ExecutionRequest, TaskExecutor } from './task-executor.js';
import type { ChannelMessage, WorkerEvent, WorkerJob, WorkerOutcome } from './worker-messages.js';

export interface TinypoolExecutorOptions {
  maxThreads: number;
  workerMaxMemoryMb: number;
  /**
   * Workers start when a task needs one and stop after this long without a task; an idle server
   * holds no worker (each is a V8 isolate of ~10 MB). 0: all workers start with the pool and stay.
   */
  workerIdleMs: number;
  fetch: WorkerJob['fetch'];
  /** How long a cancelled or timed-out task may take to end by itself before its worker is terminated. */
  stopGraceMs: number;
}

/**
 * The only code that knows Tinypool. One job per worker at a time; the caller (the task queue)
 * never starts more than `capacity` jobs, so Tinypool's own queue stays empty. Stopping a job
 * aborts the task's signal; if it has not ended `stopGraceMs` later, Tinypool terminates that
 * worker and starts a fresh one.
 */
export class TinypoolExecutor implements TaskExecutor {
  readonly capacity: number;
  private readonly pool: Tinypool;
  private running = 0;
  /**
   * One BroadcastChannel for the whole pool (workers post their tasks' events, we post stop
   * requests), instead of a MessageChannel created and transferred with every task.
   */
  private readonly channelName = `jpsp:tasks:${randomUUID()}`;
  private readonly channel = new BroadcastChannel(this.channelName);
  /** Running tasks' event handlers, by task id. */
  private readonly handlers = new Map<string, (event: WorkerEvent) => void>();

  constructor(
    private readonly options: TinypoolExecutorOptions,
    private readonly log: Logger,
  ) {
    this.capacity = options.maxThreads;
    this.pool = new Tinypool({
      filename: new URL('./task-worker.js', import.meta.url).href,
      runtime: 'worker_threads',
      minThreads: options.workerIdleMs > 0 ? 0 : options.maxThreads,
      maxThreads: options.maxThreads,
      idleTimeout: options.workerIdleMs,
      concurrentTasksPerWorker: 1,
      isolateWorkers: false,
      resourceLimits: {
        maxOldGenerationSizeMb: options.workerMaxMemoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(options.workerMaxMemoryMb / 16))),
      },
    });
    // An error outside any task (e.g. a worker failing to start) must never kill the server.
    this.pool.on('error', (err: unknown) => this.log.error({ err }, 'worker pool error'));
    this.channel.onmessage = (m) => this.dispatch((m as { data: ChannelMessage }).data);
    this.channel.unref();
  }

  private dispatch(msg: ChannelMessage): void {
    if (msg?.type === 'event') {
      this.handlers.get(msg.taskId)?.(msg.event);
    }
  }

  /**
   * Handles the events already posted on the channel. Called when an outcome arrives: a worker
   * posts its task's events before its outcome, so none of them is handled after the outcome.
   */
  private drainChannel(): void {
    // Node accepts a BroadcastChannel here (since 15.4); @types/node 20 only declares MessagePort.
    const port = this.channel as unknown as MessagePort;
    for (let entry = receiveMessageOnPort(port); entry !== undefined; entry = receiveMessageOnPort(port)) {
      this.dispatch(entry.message as ChannelMessage);
    }
  }

  start(req: ExecutionRequest): Execution {
    const stop = new StopSignal();
    let stopReason: ErrorBody | undefined;
    let grace: NodeJS.Timeout | undefined;
    /**
     * Cancel and timeout first abort the task's signal (through the channel) and give it
     * `stopGraceMs` to end by itself: a task that stops its child processes and returns keeps its
     * worker, and the worker reaps those processes (a terminated thread can no longer reap what it
     * started: they would stay zombies). A task still running then, or a crash, has its worker
     * terminated (Tinypool replaces it).
     */
    const abort = (error: ErrorBody, terminateNow = false) => {
      if (stopReason === undefined) {
        stopReason = error;
        this.channel.postMessage({ type: 'abort', taskId: req.taskId } satisfies ChannelMessage);
        if (!terminateNow) {
          grace = setTimeout(() => stop.abort(), this.options.stopGraceMs);
          grace.unref();
          return;
        }
      }
      if (terminateNow) {
        stop.abort();
      }
    };
    this.handlers.set(req.taskId, (event: WorkerEvent) => {
      switch (event.type) {
        case 'crash':
          abort({ code: event.code, message: event.message }, true);
          break;
        case 'progress':
          req.onEvent(event);
          break;
      }
    });
    const timer = setTimeout(
      () => abort({ code: ErrorCode.TIMEOUT, message: `The task exceeded its timeout of ${req.timeoutMs} ms and was stopped` }),
      req.timeoutMs,
    );
    timer.unref();

    const job: WorkerJob = {
      taskId: req.taskId,
      runModule: req.runModule,
      input: req.input,
      outDir: req.outDir,
      maxResultBytes: req.maxResultBytes,
      fetch: this.options.fetch,
      channel: this.channelName,
    };
    this.running++;
    // Tinypool race: a worker being terminated (another task crashed or timed out) whose last
    // message arrives late is briefly "available" again and may be handed a job waiting in
    // Tinypool's queue; that job then fails with "Terminating worker thread" without having run.
    // Such a victim (not stopped by us) runs again, with a clean directory.
    const runJob = (retries: number): Promise<WorkerOutcome> =>
      this.pool.run(job, { signal: stop }).catch(async (err: unknown) => {
        if (stopReason || retries <= 0 || (err as Error | undefined)?.message !== 'Terminating worker thread') {
          throw err;
        }
        await rm(req.outDir, { recursive: true, force: true });
        return runJob(retries - 1);
      });
    const outcome: Promise<ExecutionOutcome> = runJob(2)
      .then(
        (res: WorkerOutcome): ExecutionOutcome => {
          this.drainChannel();
          if (stopReason) {
            return { ok: false, error: stopReason };
          }
          if (res.ok) {
            return res;
          }
          const error: ErrorBody = { code: res.code, message: res.message };
          if (res.details !== undefined) {
            error.details = res.details as ErrorBody['details'];
          }
          return { ok: false, error };
        },
        (err: unknown): ExecutionOutcome => {
          this.drainChannel();
          if (stopReason) {
            return { ok: false, error: stopReason };
          }
          return { ok: false, error: crashError(err) };
        },
      )
      .finally(() => {
        clearTimeout(timer);
        clearTimeout(grace);
        this.running--;
        this.handlers.delete(req.taskId);
      });
    return { outcome, abort: (error: ErrorBody) => abort(error) };
  }

  stats() {
    return { running: this.running, workers: this.pool.threads.length };
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
    this.channel.close();
  }
}

/**
 * The smallest abort signal Tinypool accepts (its `AbortSignalEventEmitter` shape): aborting it
 * makes Tinypool terminate the task's worker and start a fresh one. An AbortController per task
 * cost ~15 µs of the main thread, about 5% of a whole no-op task.
 */
class StopSignal {
  aborted = false;
  private listener: (() => void) | undefined;

  once(_event: 'abort', listener: () => void): void {
    this.listener = listener;
  }

  off(_event: 'abort', listener: () => void): void {
    if (this.listener === listener) {
      this.listener = undefined;
    }
  }

  abort(): void {
    if (!this.aborted) {
      this.aborted = true;
      const listener = this.listener;
      this.listener = undefined;
      listener?.();
    }
  }
}

function crashError(err: unknown): ErrorBody {
  const e = err as { code?: string; message?: string } | undefined;
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { code: ErrorCode.WORKER_CRASHED, message: 'The task ran out of memory (worker memory limit JPSP_WORKER_MAX_MEMORY_MB)' };
  }
  return { code: ErrorCode.WORKER_CRASHED, message: `The worker crashed: ${e?.message ?? String(err)}` };
}
