import type { FieldError } from '@jpsp/contracts';

/**
 * What a task is, seen from the main thread. One folder per task under `task-definitions/`,
 * one line in `task-registry.ts`. The `run` function lives in a separate module (`runModule`)
 * that only the worker imports, so nothing of Nest or of the main thread leaks into it.
 */
/** One need of a task's input: `pdf` (at `options.formats`) needs `soffice`. */
export interface CapabilityNeed {
  capability: string;
  /** Path in `input` of what asks for it. */
  path: string;
  /** What asks for it, e.g. `pdf`. */
  what: string;
  /** What the client can do instead, e.g. `ask for odt and/or docx`. */
  instead: string;
}

export interface TaskDefinition {
  /** Wire name, e.g. `abstract-booklet`. */
  name: string;
  title: string;
  description: string;
  /** class-validator DTO class of `input` (validated with whitelist + forbidUnknownValues). */
  inputDto: new () => object;
  /** JSON Schema of `input`; generated from `inputDto` when omitted. */
  inputSchema?: Record<string, unknown>;
  /** Default timeout; a client may lower or raise it up to the server's maximum. */
  defaultTimeoutMs: number;
  /**
   * Free room the result area must have at submit for this task (default 1 MiB, capped by
   * JPSP_MAX_RESULT_BYTES): a nearly full area refuses the task with STORAGE_FULL at once
   * rather than failing it once it has run.
   */
  resultReserveBytes?: number;
  /** `file:` URL of the ES module exporting `run(input, ctx)` (see `TaskRunModule`). */
  runModule: string;
  /**
   * Optional deeper checks run on the main thread after the DTO passed (must be fast and
   * synchronous: a walk over the input, no I/O). Non-empty → `VALIDATION_FAILED` at submit.
   * Paths are relative to `input` (e.g. `event.contributions[3].title`).
   */
  validate?(input: unknown): FieldError[];
  /**
   * Makes the task a fan-out: its input splits into children run in parallel across the worker
   * pool (`executor/fan-out.ts`), and `runModule` then merges their results (its input is a
   * `FanOutMergeInput`: `{ input, results }`).
   */
  fanOut?: FanOutSpec;
  /**
   * What this input needs from the node that runs it (e.g. the booklet's `pdf` needs `soffice`).
   * A need no node can meet is refused at submit (`task-definitions/capabilities.ts`); in cluster
   * mode the task only goes to nodes that have every capability it needs.
   */
  requires?(input: unknown): CapabilityNeed[];
  /**
   * Cluster mode: the task may run again on another node when the node running it dies (it has no
   * effect outside its result). Otherwise it ends `failed` with `WORKER_CRASHED`.
   */
  repeatable?: boolean;
}


/** Reference to a binary input the worker fetches itself: URL plus request headers. */
export interface BinaryInputRef {
  url: string;
  headers?: Record<string, string>;
}

/** The API a task sees inside the worker thread. */
export interface TaskContext {
  readonly taskId: string;
  /**
   * Aborted when the task is cancelled or times out. The task should then stop its child
   * processes and return (or throw) promptly: after JPSP_STOP_GRACE_MS (2 s by default) its
   * worker thread is terminated, and what it started can no longer be reaped.
   */
  readonly signal: AbortSignal;
  /** Reports progress (rate-limited by the server before it reaches clients). */
  progress(percent: number, phase: string, message?: string): void;
  /** Adds a human-readable warning to the result. */
  warn(message: string): void;
  /** Writes one result file into the task's own temporary directory. Name: `[A-Za-z0-9._-]`, no leading dot. */
  writeFile(name: string, bytes: Uint8Array | string, mediaType: string): Promise<void>;
  /**
   * Fetches a binary input given as `{ url, headers }` with the server's limits (size, time,
   * address filter: no loopback/private/link-local/metadata targets unless the server allows them).
   */
  fetchBinary(ref: BinaryInputRef): Promise<Uint8Array>;
}

/** Shape of a task's `runModule`. The returned value becomes `result.data` (keep it small). */
export interface TaskRunModule {
  run(input: unknown, ctx: TaskContext): Promise<unknown>;
}

/** One unit of a fan-out task: its own input, and optionally a file to fetch for it first. */
export interface FanOutItem {
  input: unknown;
  binary?: BinaryInputRef;
}

/**
 * A task that splits into many small children run in parallel across the worker pool (the paper
 * check: one child per paper), then one final job that merges their results. The split and the
 * fetches run on the main thread (no computation: validation is done, fetching is I/O); every
 * child and the merge run in workers.
 */
export interface FanOutSpec {
  /** The children's inputs, from the validated task input (main thread: fast, no I/O). */
  items(input: unknown): FanOutItem[];
  /** `file:` URL of the run module of a child: `run({ item, bytes? }, ctx)` → its result. */
  childModule: string;
  /** A child's time limit (its fetch has the server's own fetch limit). */
  childTimeoutMs: number;
  /** Files fetched at once (I/O-bound, independent of the number of workers). */
  fetchConcurrency: number;
  /** The result of a child that could not run: its fetch failed, it crashed or timed out. */
  failedItem(item: FanOutItem, reason: string): unknown;
  /** Progress while children run: `done` of `total` finished, `fetched` fetched. */
  progress(done: number, fetched: number, total: number): { percent: number; phase: string; message: string };
}

