import type { ErrorBody } from '@jpsp/contracts';
import type { WorkerEvent, WorkerFile } from './worker-messages.js';

export interface ExecutionRequest {
  taskId: string;
  runModule: string;
  input: unknown;
  outDir: string;
  maxResultBytes: number;
  timeoutMs: number;
  onEvent(event: WorkerEvent): void;
}

export type ExecutionOutcome =
  | { ok: true; data?: unknown; files: WorkerFile[]; warnings: string[] }
  | { ok: false; error: ErrorBody };


/** A running execution: its outcome and a way to stop it for real. */
export interface Execution {
  readonly outcome: Promise<ExecutionOutcome>;
  /** Stops the work (the task's signal is aborted; a task that does not end soon has its worker terminated and replaced); the outcome then carries `error`. */
  abort(error: ErrorBody): void;
}

/**
 * Runs task code off the main thread. The in-process implementation is Tinypool; a clustered
 * mode can put BullMQ workers behind the same interface.
 */
export interface TaskExecutor {
  readonly capacity: number;
  start(req: ExecutionRequest): Execution;
  stats(): { running: number; workers: number };
  destroy(): Promise<void>;
}
