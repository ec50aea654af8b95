import type { ListPayload, RunList, TaskSnapshot } from '@jpsp/contracts';
import type { Caller } from '../auth/caller.js';
import { TaskError } from '../common/task-error.js';
import type { TaskRecord } from './task-record.js';
import type { TaskTable } from './task-table.js';

const PREFIX = 'jpsp-runs:';

/**
 * One page of the caller's runs, newest first. The cursor is opaque to clients (base64url of the
 * last item's submission number), so a page stays right when runs are added or forgotten between
 * two calls: the next page starts strictly before the last item seen.
 */
export function listRuns(table: TaskTable, caller: Caller, query: ListPayload, snapshot: (r: TaskRecord) => TaskSnapshot): RunList {
  const page = table.list(caller, {
    limit: query.limit ?? 20,
    ...(query.status === undefined ? {} : { status: query.status }),
    ...(query.task === undefined ? {} : { task: query.task }),
    ...(query.cursor === undefined ? {} : { before: decodeCursor(query.cursor) }),
  });
  const items = page.items.map(snapshot);
  return page.next === undefined ? { items } : { items, nextCursor: encodeCursor(page.next) };
}

export function encodeCursor(seq: number): string {
  return Buffer.from(`${PREFIX}${seq}`).toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const text = Buffer.from(cursor, 'base64url').toString('latin1');
  const seq = text.startsWith(PREFIX) ? text.slice(PREFIX.length) : '';
  if (!/^\d{1,15}$/.test(seq)) {
    throw TaskError.validation([{ path: 'cursor', reason: 'must be a nextCursor returned by the server' }]);
  }
  return Number(seq);
}
