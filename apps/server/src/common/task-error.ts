import { ErrorCode, type ErrorBody, type FieldError } from '@jpsp/contracts';

/** The one error type domain code throws; transports map it with `toErrorBody` / `httpStatusOf`. */
export class TaskError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorBody['details'],
  ) {
    super(message);
    this.name = 'TaskError';
  }

  static validation(details: FieldError[], message?: string): TaskError {
    const first = details[0];
    const summary = message ?? (first ? `Invalid payload: ${first.path ? `${first.path}: ` : ''}${first.reason}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}` : 'Invalid payload');
    return new TaskError(ErrorCode.VALIDATION_FAILED, summary, details);
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}
