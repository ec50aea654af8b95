import { ErrorCode } from '@jpsp/contracts';
import type { KeyId } from '../auth/api-key.js';
import type { Caller } from '../auth/caller.js';
import type { AppConfig } from '../config/env.js';
import { TaskError } from '../common/task-error.js';
import type { ResultStore } from '../results/result-store.js';
import type { TaskDefinition } from '../task-definitions/task-definition.js';

const DEFAULT_RESERVE_BYTES = 1024 * 1024;
/** Retry hints stay within these bounds whatever the run-time estimate says. */
const RETRY_AFTER_MIN_MS = 1000;
const RETRY_AFTER_MAX_MS = 10 * 60_000;

/**
 * Who may add a task now (a token's grant is checked before, by `checkGrant`): the draining
 * switch, the result area's free room, the per-key bound (queued + running, JPSP_MAX_QUEUE_PER_KEY) and the server's queue bound
 * (JPSP_MAX_QUEUE). Every refusal carries `details.retryAfterMs`, which REST also sends as
 * `Retry-After`.
 */
export class Admission {
  /** Queued + running tasks per API key. */
  private readonly active = new Map<KeyId, number>();
  /** Moving average of run times (ms), for the retry hints; 5 s until a task has run. */
  private runMsAverage = 5000;

  constructor(
    private readonly config: AppConfig,
    private readonly results: ResultStore,
  ) {}

  refuseWhileDraining(): never {
    throw new TaskError(ErrorCode.SHUTTING_DOWN, 'The server is shutting down and accepts no new tasks; retry in a moment', {
      retryAfterMs: Math.max(RETRY_AFTER_MIN_MS, this.config.shutdownGraceMs),
    });
  }

  /** Throws the refusal when `caller` (its grant already checked) may not add a `definition` task now. */
  check(caller: Caller, definition: TaskDefinition, queued: number, mustQueue: boolean, capacity: number): void {
    const room = this.results.roomAtSubmit(Math.min(definition.resultReserveBytes ?? DEFAULT_RESERVE_BYTES, this.config.maxResultBytes));
    if (!room.ok) {
      throw new TaskError(
        ErrorCode.STORAGE_FULL,
        `The temporary result area is full (${(room.freeBytes / 1048576).toFixed(1)} MiB free); retry when older results have expired`,
        { retryAfterMs: room.retryAfterMs },
      );
    }
    const limit = this.config.maxQueuePerKey;
    if ((this.active.get(caller.keyId) ?? 0) >= limit) {
      throw new TaskError(ErrorCode.QUEUE_FULL, `This API key already has ${limit} tasks queued or running (its limit); retry when one has finished`, {
        scope: 'key',
        limit,
        retryAfterMs: this.retryAfter(1),
      });
    }
    if (mustQueue && queued >= this.config.maxQueue) {
      throw new TaskError(ErrorCode.QUEUE_FULL, `The queue is full (${this.config.maxQueue} tasks waiting); retry later`, {
        scope: 'server',
        limit: this.config.maxQueue,
        retryAfterMs: this.retryAfter(Math.ceil((queued + 1) / Math.max(1, capacity))),
      });
    }
  }

  /** A task of `owner` was added. */
  added(owner: KeyId): void {
    this.active.set(owner, (this.active.get(owner) ?? 0) + 1);
  }

  /** A task of `owner` ended; `runMs` when it had started. */
  ended(owner: KeyId, runMs?: number): void {
    const left = (this.active.get(owner) ?? 1) - 1;
    if (left > 0) {
      this.active.set(owner, left);
    } else {
      this.active.delete(owner);
    }
    if (runMs !== undefined) {
      this.runMsAverage += (runMs - this.runMsAverage) / 8;
    }
  }

  /** A retry hint: `rounds` average run times from now, within sane bounds. */
  private retryAfter(rounds: number): number {
    return Math.round(Math.min(RETRY_AFTER_MAX_MS, Math.max(RETRY_AFTER_MIN_MS, rounds * this.runMsAverage)));
  }
}
