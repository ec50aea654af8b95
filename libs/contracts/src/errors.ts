/**
 * Every error a client can receive, in an ack (`{ ok: false, error }`), a REST body or a
 * task snapshot's `error`. One enum for all transports; `docs/protocol.md` explains each.
 */
export const ErrorCode = {
  /** Missing or wrong API key (handshake `connect_error` message, or HTTP 401). */
  UNAUTHORIZED: 'UNAUTHORIZED',
  /** The payload failed validation; `details` lists `{ path, reason }`. */
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  /** No task of that name in the catalog. */
  UNKNOWN_TASK: 'UNKNOWN_TASK',
  /** No such task for this API key (another key's task looks the same as a missing one). */
  NOT_FOUND: 'NOT_FOUND',
  /** The queue is at its bound: retry later. */
  QUEUE_FULL: 'QUEUE_FULL',
  /** The temporary result area is at its quota: retry when older results expired. */
  STORAGE_FULL: 'STORAGE_FULL',
  /** The payload is larger than the configured limit. */
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The task ran longer than its timeout and was stopped. */
  TIMEOUT: 'TIMEOUT',
  /** The task was cancelled by its owner. */
  CANCELLED: 'CANCELLED',
  /** The task threw an error; the message is the task's. */
  TASK_FAILED: 'TASK_FAILED',
  /** The worker died: out of memory, `process.exit()`, a crash. */
  WORKER_CRASHED: 'WORKER_CRASHED',
  /** The task's results have expired and were deleted. */
  EXPIRED: 'EXPIRED',
  /** A download's `Range` lies wholly past the end of the file (`Content-Range: bytes *\/<size>`). */
  RANGE_NOT_SATISFIABLE: 'RANGE_NOT_SATISFIABLE',
  /** The server is draining for shutdown and accepts no new tasks. */
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  /** Anything else; the message carries a correlation id found in the server log. */
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

/** One validation problem: a dotted/indexed path into the payload (`input.event.title`) and why. */
export interface FieldError {
  path: string;
  reason: string;
}

/** `details` of `QUEUE_FULL`: which bound was reached, its value, and when to retry. */
export interface QueueFullDetails {
  /** `key`: this API key's queued + running tasks; `server`: all waiting tasks. */
  scope: 'key' | 'server';
  limit: number;
  retryAfterMs: number;
}

/** `details` of `STORAGE_FULL` and `SHUTTING_DOWN` answers at submit. */
export interface RetryDetails {
  retryAfterMs: number;
}

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** For `VALIDATION_FAILED`: the list of field errors. Otherwise optional extra data. */
  details?: FieldError[] | Record<string, unknown>;
}

/** HTTP status used by the REST API for each error code. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ErrorCode, number>> = {
  UNAUTHORIZED: 401,
  VALIDATION_FAILED: 400,
  UNKNOWN_TASK: 404,
  NOT_FOUND: 404,
  QUEUE_FULL: 429,
  STORAGE_FULL: 507,
  PAYLOAD_TOO_LARGE: 413,
  TIMEOUT: 408,
  CANCELLED: 409,
  TASK_FAILED: 422,
  WORKER_CRASHED: 500,
  EXPIRED: 410,
  RANGE_NOT_SATISFIABLE: 416,
  SHUTTING_DOWN: 503,
  INTERNAL: 500,
};
