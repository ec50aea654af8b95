import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ErrorCode, type ErrorBody } from '@jpsp/contracts';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { LOGGER } from './logger.js';
import { httpStatusOf, toErrorBody } from './error-mapping.js';
import { TaskError } from './task-error.js';

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: ErrorCode.VALIDATION_FAILED,
  401: ErrorCode.UNAUTHORIZED,
  403: ErrorCode.UNAUTHORIZED,
  404: ErrorCode.NOT_FOUND,
  405: ErrorCode.NOT_FOUND,
  413: ErrorCode.PAYLOAD_TOO_LARGE,
  429: ErrorCode.QUEUE_FULL,
};

/** Every HTTP error leaves as `{ error: { code, message, details? } }` with the status of its code. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    let body: ErrorBody;
    let status: number;
    if (exception instanceof HttpException && !(exception instanceof TaskError)) {
      status = exception.getStatus();
      const code = CODE_BY_STATUS[status] ?? (status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED);
      body = { code, message: status === 404 ? 'Not found' : exception.message };
    } else {
      body = toErrorBody(exception, this.log);
      status = httpStatusOf(body.code);
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    const retryAfterMs = retryAfterOf(body);
    if (retryAfterMs !== undefined) {
      res.setHeader('Retry-After', String(Math.ceil(retryAfterMs / 1000)));
    }
    res.status(status).json({ error: body });
  }
}

/** `details.retryAfterMs` of a QUEUE_FULL, STORAGE_FULL or SHUTTING_DOWN answer (seconds in the header). */
function retryAfterOf(body: ErrorBody): number | undefined {
  const details = body.details;
  if (details && !Array.isArray(details) && typeof details.retryAfterMs === 'number') {
    return details.retryAfterMs;
  }
  return undefined;
}
