import type { ErrorBody } from './errors.js';

export const TaskStatus = {
  QUEUED: 'queued',
  RUNNING: 'running',
  COMPLETED: 'completed',
  FAILED: 'failed',
  CANCELLED: 'cancelled',
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

export const TERMINAL_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

export function isTerminal(status: TaskStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

export interface TaskProgress {
  /** 0..100 */
  percent: number;
  /** Machine-readable phase name, e.g. `model`, `odt`, `docx`. */
  phase: string;
  message?: string;
  /** Estimated milliseconds until the end, from the task's own progress rate; absent while unknown. */
  etaMs?: number;
}

export interface ResultFile {
  name: string;
  mediaType: string;
  size: number;
  /** Hex SHA-256 of the bytes. */
  sha256: string;
  /** Absolute download URL; needs no header, carries no API key. */
  url: string;
  /** ISO 8601. After this the URL answers 410. */
  expiresAt: string;
}

export interface TaskResult {
  files: ResultFile[];
  warnings: string[];
  data?: unknown;
}

/** The full state of one task. Every `task:update` and every ack returning a task carries one. */
export interface TaskSnapshot {
  taskId: string;
  task: string;
  status: TaskStatus;
  /** 1-based position in the queue while `queued`. */
  queuePosition?: number;
  progress?: TaskProgress;
  result?: TaskResult;
  error?: ErrorBody;
  /** Who asked for it (`options.submitter`, e.g. the Indico user who clicked), when given. */
  submitter?: string;
  /** The run this one retries (`task:retry`). */
  retryOf?: string;
  /** `options.lockKey`, when given: a queued task with one may be waiting for that lock. */
  lockKey?: string;
  /** ISO 8601 timestamps. */
  createdAt: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface SubmitOptions {
  /** Same key under the same API key, while the task is live or its result unexpired → the same task. */
  idempotencyKey?: string;
  /** Overrides the task's default timeout, up to the server's maximum. */
  timeoutMs?: number;
  /** Who asks (≤ 200 characters, no control characters): kept in the snapshot, shown in lists, logged. */
  submitter?: string;
  /**
   * Tasks of the same API key with the same lock key never run at the same time: a later one
   * waits as `queued` (with its position, cancellable) until the earlier one ends. ≤ 200
   * characters, no control characters; e.g. `event:44` (one run at a time per event).
   */
  lockKey?: string;
}

export interface SubmitPayload<I = unknown> {
  task: string;
  input: I;
  options?: SubmitOptions;
}

export interface TaskRefPayload {
  taskId: string;
}

/** `task:catalog` entry. */
export interface TaskCatalogEntry {
  name: string;
  title: string;
  description: string;
  /** JSON Schema (draft 2020-12 compatible subset) of `input`. */
  inputSchema: Record<string, unknown>;
  defaultTimeoutMs: number;
}

/** `task:list` / `GET /api/runs`: the calling key's runs still known, newest first. */
export interface ListPayload {
  status?: TaskStatus;
  task?: string;
  /** 1–100, default 20. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface RunList {
  items: TaskSnapshot[];
  /** Absent on the last page. */
  nextCursor?: string;
}
