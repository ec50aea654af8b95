import { ErrorCode, isTerminal, type TaskStatus } from '@jpsp/contracts';
import type { KeyId } from '../auth/api-key.js';
import type { Caller } from '../auth/caller.js';
import { TaskError } from '../common/task-error.js';
import type { TaskRecord } from './task-record.js';

/** How many forgotten task ids are remembered, so that they answer EXPIRED rather than NOT_FOUND. */
const EXPIRED_MEMORY = 10_000;
/**
 * Inputs of failed or cancelled runs kept for `task:retry`: at most this many per API key and in
 * all (oldest dropped first). A FEL2022 event is ~1.4 MB of JSON, a few MB once parsed: 20 of
 * them bound the memory this costs to well under 200 MB.
 */
export const RETAINED_INPUTS_PER_KEY = 5;
export const RETAINED_INPUTS_TOTAL = 20;

export interface ListQuery {
  status?: TaskStatus;
  task?: string;
  limit: number;
  /** Only runs older than this one (a `seq`). */
  before?: number;
}

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
  /** Records still holding their input after they ended, oldest first. */
  private readonly retained = new Map<string, TaskRecord>();
  private nextSeq = 1;

  get size(): number {
    return this.tasks.size;
  }

  values(): IterableIterator<TaskRecord> {
    return this.tasks.values();
  }

  add(record: TaskRecord): void {
    record.seq = this.nextSeq++;
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

  /** The caller's runs still known, newest first, filtered; `next` when more remain. */
  list(caller: Caller, query: ListQuery, now = Date.now()): { items: TaskRecord[]; next?: number } {
    const items: TaskRecord[] = [];
    const all = [...this.tasks.values()];
    for (let i = all.length - 1; i >= 0; i--) {
      const r = all[i];
      if (query.before !== undefined && (r.seq ?? 0) >= query.before) {
        continue;
      }
      if (!visible(caller, r.owner, r.scope) || (isTerminal(r.status) && (r.forgetAt ?? Infinity) <= now)) {
        continue;
      }
      if ((query.status !== undefined && r.status !== query.status) || (query.task !== undefined && r.definition.name !== query.task)) {
        continue;
      }
      if (items.length === query.limit) {
        return { items, next: items[items.length - 1].seq };
      }
      items.push(r);
    }
    return { items };
  }

  /** Keeps an ended run's input for `task:retry`, within the bounds; drops the oldest beyond them. */
  retainInput(record: TaskRecord): void {
    this.retained.set(record.id, record);
    let mine = 0;
    for (const r of this.retained.values()) {
      mine += r.owner === record.owner ? 1 : 0;
    }
    for (const [id, r] of this.retained) {
      if (this.retained.size <= RETAINED_INPUTS_TOTAL && mine <= RETAINED_INPUTS_PER_KEY) {
        break;
      }
      if (this.retained.size > RETAINED_INPUTS_TOTAL || r.owner === record.owner) {
        mine -= r.owner === record.owner ? 1 : 0;
        r.input = undefined;
        this.retained.delete(id);
      }
    }
  }

  /** Forgets finished tasks whose results have expired. */
  forgetExpired(now = Date.now()): void {
    for (const [id, record] of this.tasks) {
      if (isTerminal(record.status) && record.forgetAt !== undefined && record.forgetAt <= now) {
        this.tasks.delete(id);
        this.retained.delete(id);
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
export function visible(caller: Caller, owner: KeyId, scope: string | undefined): boolean {
  return caller.keyId === owner && (caller.token === undefined || caller.token.event === scope);
}

function slotOf(owner: KeyId, scope: string | undefined): string {
  return scope === undefined ? owner : `${owner}\u0000${scope}`;
}

export function idemSlot(owner: KeyId, scope: string | undefined, key: string): string {
  return `${slotOf(owner, scope)}\u0000\u0000${key}`;
}

export function expiredError(): TaskError {
  return new TaskError(ErrorCode.EXPIRED, 'This task and its results have expired');
}
