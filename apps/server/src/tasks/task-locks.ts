import type { TaskRecord } from './task-record.js';

/**
 * `options.lockKey`: the locks held by running tasks, per API key (two keys never share a lock:
 * tenants do not see each other). A queued task whose lock is held waits, keeping its place and
 * cancellable; it starts once the holder has ended.
 */
export class TaskLocks {
  private readonly held = new Map<string, string>();

  /** True when `record` may start now. */
  free(record: TaskRecord): boolean {
    return record.lockKey === undefined || !this.held.has(lockId(record));
  }

  take(record: TaskRecord): void {
    if (record.lockKey !== undefined) {
      this.held.set(lockId(record), record.id);
    }
  }

  release(record: TaskRecord): void {
    if (record.lockKey !== undefined && this.held.get(lockId(record)) === record.id) {
      this.held.delete(lockId(record));
    }
  }
}

function lockId(record: TaskRecord): string {
  return `${record.owner}\u0000${record.lockKey as string}`;
}
