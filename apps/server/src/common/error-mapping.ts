import { randomUUID } from 'node:crypto';
import { ErrorCode, HTTP_STATUS_BY_CODE, type Ack, type ErrorBody } from '@jpsp/contracts';
import type { Logger } from 'pino';
import { TaskError } from './task-error.js';

/**
 * The one place where any thrown value becomes a wire error. Known errors keep their code;
 * anything else is logged with a correlation id and answered as `INTERNAL` with that id only.
 */
export function toErrorBody(err: unknown, log: Logger): ErrorBody {
  if (err instanceof TaskError) {
    return err.toBody();
  }
  const bodyParserType = (err as { type?: unknown })?.type;
  if (bodyParserType === 'entity.too.large') {
    return { code: ErrorCode.PAYLOAD_TOO_LARGE, message: 'The request body is larger than the configured limit (JPSP_MAX_PAYLOAD_BYTES)' };
  }
  if (bodyParserType === 'entity.parse.failed') {
    return { code: ErrorCode.VALIDATION_FAILED, message: 'The request body is not valid JSON', details: [{ path: '', reason: 'malformed JSON' }] };
  }
  const correlationId = randomUUID();
  log.error({ err, correlationId }, 'unexpected error');
  return { code: ErrorCode.INTERNAL, message: `Internal error (correlation id ${correlationId})` };
}

export function httpStatusOf(code: ErrorCode): number {
  return HTTP_STATUS_BY_CODE[code];
}

/** Runs a handler and wraps its outcome in the `Ack<T>` envelope; never throws. */
export async function toAck<T>(log: Logger, fn: () => T | Promise<T>): Promise<Ack<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    return { ok: false, error: toErrorBody(err, log) };
  }
}
