import type { ErrorCode } from '@jpsp/contracts';

/** Sent with every task to the worker (structured-cloned). */
export interface WorkerJob {
  taskId: string;
  runModule: string;
  input: unknown;
  outDir: string;
  /** Bytes this task may write in total (result quota). */
  maxResultBytes: number;
  fetch: { maxBytes: number; timeoutMs: number; allowPrivate: boolean };
  /**
   * Name of the pool's BroadcastChannel (one per executor, opened once per thread) that carries
   * `ChannelMessage`s both ways. A channel per task (a transferred MessagePort) cost about as much
   * as the whole no-op task.
   */
  channel: string;
}

/** Worker → main thread while the task runs. */
export type WorkerEvent =
  | { type: 'progress'; percent: number; phase: string; message?: string }
  /** The task called process.exit() or crashed outside its promise: the main thread must terminate the worker. */
  | { type: 'crash'; code: ErrorCode; message: string };

/** What travels on the pool's BroadcastChannel: a task's events (worker → main) or a stop request (main → workers). */
export type ChannelMessage =
  | { type: 'event'; taskId: string; event: WorkerEvent }
  | { type: 'abort'; taskId: string };

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
