import { ErrorCode, isTerminal } from '@jpsp/contracts';
import type { KeyId } from '../auth/api-key.js';
import type { Caller } from '../auth/caller.js';
import { TaskError } from '../common/task-error.js';
import type { TaskRecord } from './task-record.js';

/** How many forgotten task ids are remembered, so that they answer EXPIRED rather than NOT_FOUND. */
const EXPIRED_MEMORY = 10_000;

/**
 * Every task the server still knows, with the two lookups on top of it: tenancy (a caller sees
 * its tenant's tasks; a token only those of its scope) and idempotency keys (per tenant and scope).
 * Finished tasks are forgotten once their results expire.
 */
export class TaskTable {
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly idempotency = new Map<string, string>();
  /** Ids of forgotten tasks → their owner and scope, who may learn that they expired. */
  private readonly expired = new Map<string, { owner: KeyId; scope?: string }>();

  get size(): number {
    return this.tasks.size;
  }

  values(): IterableIterator<TaskRecord> {
    return this.tasks.values();
  }

  add(record: TaskRecord): void {
    this.tasks.set(record.id, record);
    if (record.idempotencyKey !== undefined) {
      this.idempotency.set(idemSlot(record.owner, record.scope, record.idempotencyKey), record.id);
    }
  }

  /** The task that an idempotency key names, while it is live or its results unexpired. */
  idempotent(caller: Caller, key: string, now = Date.now()): TaskRecord | undefined {
    const existing = this.tasks.get(this.idempotency.get(idemSlot(caller.keyId, caller.token?.event, key)) ?? '');
    const live = existing?.status === 'queued' || existing?.status === 'running';
    const fresh = existing?.status === 'completed' && (existing.forgetAt ?? 0) > now;
    return live || fresh ? existing : undefined;
  }

  /** The caller's task, or NOT_FOUND (also for another tenant's or scope's) / EXPIRED. */
  owned(caller: Caller, taskId: string, now = Date.now()): TaskRecord {
    const record = this.tasks.get(taskId);
    if (!record || !visible(caller, record.owner, record.scope)) {
      const gone = this.expired.get(taskId);
      if (gone && visible(caller, gone.owner, gone.scope)) {
        throw expiredError();
      }
      throw new TaskError(ErrorCode.NOT_FOUND, 'No such task');
    }
    if (record.status === 'completed' && record.forgetAt !== undefined && record.forgetAt <= now) {
      throw expiredError();
    }
    return record;
  }

  /** Forgets finished tasks whose results have expired. */
  forgetExpired(now = Date.now()): void {
    for (const [id, record] of this.tasks) {
      if (isTerminal(record.status) && record.forgetAt !== undefined && record.forgetAt <= now) {
        this.tasks.delete(id);
        if (record.idempotencyKey !== undefined) {
          const slot = idemSlot(record.owner, record.scope, record.idempotencyKey);
          if (this.idempotency.get(slot) === id) {
            this.idempotency.delete(slot);
          }
        }
        this.expired.set(id, record.scope === undefined ? { owner: record.owner } : { owner: record.owner, scope: record.scope });
        if (this.expired.size > EXPIRED_MEMORY) {
          this.expired.delete(this.expired.keys().next().value as string);
        }
      }
    }
  }
}

/** A key sees every task of its tenant; a token only those submitted under its scope. */
function visible(caller: Caller, owner: KeyId, scope: string | undefined): boolean {
  return caller.keyId === owner && (caller.token === undefined || caller.token.event === scope);
}

function slotOf(owner: KeyId, scope: string | undefined): string {
  return scope === undefined ? owner : `${owner}\u0000${scope}`;
}

function idemSlot(owner: KeyId, scope: string | undefined, key: string): string {
  return `${slotOf(owner, scope)}\u0000\u0000${key}`;
}

function expiredError(): TaskError {
  return new TaskError(ErrorCode.EXPIRED, 'This task and its results have expired');
}
