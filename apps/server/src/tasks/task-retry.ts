import { ErrorCode, isTerminal, type SubmitOptions } from '@jpsp/contracts';
import { TaskError } from '../common/task-error.js';
import type { TaskRecord } from './task-record.js';
import { RETAINED_INPUTS_PER_KEY } from './task-table.js';

/**
 * The submit options of a new run of `old` (`task:retry`): the ones it was submitted with, but
 * not its idempotency key (the retry is a new run). Throws when it cannot be retried.
 */
export function retryOptions(old: Pick<TaskRecord, 'status' | 'input' | 'requestedTimeoutMs' | 'submitter' | 'lockKey'>): SubmitOptions {
  if (!isTerminal(old.status)) {
    throw TaskError.validation([{ path: 'taskId', reason: `the task is still ${old.status}` }]);
  }
  if (old.status === 'completed') {
    throw TaskError.validation([{ path: 'taskId', reason: 'the task completed: submit it again for a new run' }]);
  }
  if (old.input === undefined) {
    throw new TaskError(ErrorCode.EXPIRED, `The input of this run is no longer held (only the latest failed or cancelled runs keep it: ${RETAINED_INPUTS_PER_KEY} per API key); submit it again`);
  }
  const options: SubmitOptions = {};
  if (old.requestedTimeoutMs !== undefined) {
    options.timeoutMs = old.requestedTimeoutMs;
  }
  if (old.submitter !== undefined) {
    options.submitter = old.submitter;
  }
  if (old.lockKey !== undefined) {
    options.lockKey = old.lockKey;
  }
  return options;
}
