import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

/** Log lines waiting for stdout beyond this are dropped: a stalled log reader cannot exhaust memory. */
const MAX_LOG_BACKLOG_BYTES = 16 * 1024 * 1024;

/**
 * JSON logs on stdout. Redacts anything that looks like a credential, wherever it appears.
 * Written asynchronously: lines logged while a write is in flight leave together in the next one
 * (one syscall for many lines under load, at once when idle); pino flushes what is left on exit.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'jpsp-server' },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'apiKey',
          '*.apiKey',
          'auth',
          '*.auth',
          'headers.authorization',
          'headers["x-api-key"]',
          '*.headers.authorization',
          '*.headers["x-api-key"]',
          'req.headers.authorization',
          'req.headers["x-api-key"]',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: false, maxLength: MAX_LOG_BACKLOG_BYTES }),
  );
}

/** Nest's logger interface on top of pino, so framework messages are JSON too. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.logger.trace({ context }, String(message));
  }
}

export const LOGGER = Symbol('LOGGER');
