import type { MessagePort } from 'node:worker_threads';
import type { ErrorCode } from '@jpsp/contracts';

/** Sent with every task to the worker (structured-cloned); the port is transferred. */
export interface WorkerJob {
  taskId: string;
  runModule: string;
  input: unknown;
  outDir: string;
  /** Bytes this task may write in total (result quota). */
  maxResultBytes: number;
  fetch: { maxBytes: number; timeoutMs: number; allowPrivate: boolean };
  port: MessagePort;
}

/** Worker → main thread, over the job's port, while the task runs. */
export type WorkerEvent =
  | { type: 'progress'; percent: number; phase: string; message?: string }
  /** The task called process.exit() or crashed outside its promise: the main thread must terminate the worker. */
  | { type: 'crash'; code: ErrorCode; message: string };

export interface WorkerFile {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/**
 * The value a job resolves with (errors inside the task are caught and returned, not thrown).
 * Files and warnings travel here, not over the port, so they can never arrive after the outcome.
 */
export type WorkerOutcome =
  | { ok: true; data?: unknown; files: WorkerFile[]; warnings: string[] }
  | { ok: false; code: ErrorCode; message: string; details?: unknown };
