import type { ErrorBody, TaskProgress, TaskResult, TaskSnapshot, TaskStatus } from '@jpsp/contracts';
import type { KeyId } from '../auth/api-key.js';
import type { Execution } from '../executor/task-executor.js';
import type { TaskDefinition } from '../task-definitions/task-definition.js';

/** Server-side state of one task; `snapshotOf` turns it into the wire snapshot. */
export interface TaskRecord {
  id: string;
  /** Order of submission in this server (set by the table): list order and cursors. */
  seq?: number;
  definition: TaskDefinition;
  owner: KeyId;
  /** The event scope of the token that submitted it (none when submitted with the key itself). */
  scope?: string;
  idempotencyKey?: string;
  /** `options.submitter`. */
  submitter?: string;
  /** The run this one retries. */
  retryOf?: string;
  /** `options.lockKey`: never runs beside another task of the same owner with the same key. */
  lockKey?: string;
  /** The input: dropped when the task ends, except for a failed or cancelled run (kept for `task:retry`, bounded). */
  input: unknown;
  /** The submit options a retry repeats. */
  requestedTimeoutMs?: number;
  timeoutMs: number;
  baseUrl: string;
  status: TaskStatus;
  progress?: TaskProgress;
  result?: TaskResult;
  error?: ErrorBody;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** While running. */
  execution?: Execution;
  dir?: string;
  budget?: number;
  /** Requested stop (cancel, shutdown) while running: applied when the outcome arrives. */
  stopRequested?: ErrorBody;
  /** When the record (and its result) is forgotten. */
  forgetAt?: number;
  /** Progress throttling. */
  lastProgressEmit?: number;
  progressTimer?: NodeJS.Timeout;
}

export function snapshotOf(r: TaskRecord, queuePosition?: number): TaskSnapshot {
  const s: TaskSnapshot = {
    taskId: r.id,
    task: r.definition.name,
    status: r.status,
    createdAt: new Date(r.createdAt).toISOString(),
  };
  if (r.submitter !== undefined) {
    s.submitter = r.submitter;
  }
  if (r.retryOf !== undefined) {
    s.retryOf = r.retryOf;
  }
  if (r.lockKey !== undefined) {
    s.lockKey = r.lockKey;
  }
  if (queuePosition !== undefined) {
    s.queuePosition = queuePosition;
  }
  if (r.progress) {
    s.progress = { ...r.progress };
  }
  if (r.result) {
    s.result = r.result;
  }
  if (r.error) {
    s.error = r.error;
  }
  if (r.startedAt !== undefined) {
    s.startedAt = new Date(r.startedAt).toISOString();
  }
  if (r.finishedAt !== undefined) {
    s.finishedAt = new Date(r.finishedAt).toISOString();
  }
  return s;
}

/** Time left from the task's own rate so far; unknown before 1 % or during the first half second. */
export function estimateEta(percent: number, elapsedMs: number): number | undefined {
  if (!(percent >= 1 && percent < 100) || elapsedMs < 500) {
    return undefined;
  }
  return Math.round((elapsedMs * (100 - percent)) / percent);
}
