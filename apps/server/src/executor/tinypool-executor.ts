import { MessageChannel } from 'node:worker_threads';
import { ErrorCode, type ErrorBody } from '@jpsp/contracts';
import type { Logger } from 'pino';
import { Tinypool } from 'tinypool';
import type { Execution, ExecutionOutcome, ExecutionRequest, TaskExecutor } from './task-executor.js';
import type { WorkerEvent, WorkerJob, WorkerOutcome } from './worker-messages.js';

export interface TinypoolExecutorOptions {
  maxThreads: number;
  workerMaxMemoryMb: number;
  fetch: WorkerJob['fetch'];
}

/**
 * The only code that knows Tinypool. One job per worker at a time; the caller (the task queue)
 * never starts more than `capacity` jobs, so Tinypool's own queue stays empty. Stopping a job
 * aborts its signal: Tinypool terminates that worker and starts a fresh one.
 */
export class TinypoolExecutor implements TaskExecutor {
  readonly capacity: number;
  private readonly pool: Tinypool;
  private running = 0;

  constructor(
    private readonly options: TinypoolExecutorOptions,
    private readonly log: Logger,
  ) {
    this.capacity = options.maxThreads;
    this.pool = new Tinypool({
      filename: new URL('./task-worker.js', import.meta.url).href,
      runtime: 'worker_threads',
      minThreads: options.maxThreads,
      maxThreads: options.maxThreads,
      idleTimeout: 0,
      concurrentTasksPerWorker: 1,
      isolateWorkers: false,
      resourceLimits: {
        maxOldGenerationSizeMb: options.workerMaxMemoryMb,
        maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(options.workerMaxMemoryMb / 16))),
      },
    });
    // An error outside any task (e.g. a worker failing to start) must never kill the server.
    this.pool.on('error', (err: unknown) => this.log.error({ err }, 'worker pool error'));
  }

  start(req: ExecutionRequest): Execution {
    const controller = new AbortController();
    let stopReason: ErrorBody | undefined;
    const { port1, port2 } = new MessageChannel();
    const abort = (error: ErrorBody) => {
      if (stopReason === undefined) {
        stopReason = error;
        port1.postMessage({ type: 'abort' });
        controller.abort();
      }
    };
    port1.on('message', (event: WorkerEvent) => {
      switch (event.type) {
        case 'crash':
          abort({ code: event.code, message: event.message });
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
      port: port2,
    };
    this.running++;
    const outcome: Promise<ExecutionOutcome> = this.pool
      .run(job, { transferList: [port2], signal: controller.signal })
      .then(
        (res: WorkerOutcome): ExecutionOutcome => {
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
          if (stopReason) {
            return { ok: false, error: stopReason };
          }
          return { ok: false, error: crashError(err) };
        },
      )
      .finally(() => {
        clearTimeout(timer);
        this.running--;
        // Let messages already queued on the port (last progress, files) arrive before closing.
        setImmediate(() => port1.close());
      });
    return { outcome, abort };
  }

  stats() {
    return { running: this.running, workers: this.pool.threads.length };
  }

  async destroy(): Promise<void> {
    await this.pool.destroy();
  }
}

function crashError(err: unknown): ErrorBody {
  const e = err as { code?: string; message?: string } | undefined;
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return { code: ErrorCode.WORKER_CRASHED, message: 'The task ran out of memory (worker memory limit JPSP_WORKER_MAX_MEMORY_MB)' };
  }
  return { code: ErrorCode.WORKER_CRASHED, message: `The worker crashed: ${e?.message ?? String(err)}` };
}
