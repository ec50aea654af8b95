import { createRequire } from 'node:module';
import type { LoggerService } from '@nestjs/common';
import { API_KEY_HEADER } from '@jpsp/contracts';
import { pino, type DestinationStream, type Logger } from 'pino';

/** Log lines waiting for stdout beyond this are dropped: a stalled log reader cannot exhaust memory. */
const MAX_LOG_BACKLOG_BYTES = 16 * 1024 * 1024;

/**
 * Logs on stdout: JSON lines, or (`pretty`, for a person at a terminal) one coloured line per
 * entry through pino-pretty, loaded only then. Redacts anything that looks like a credential,
 * wherever it appears. JSON is written asynchronously: lines logged while a write is in flight
 * leave together in the next one (one syscall for many lines under load, at once when idle);
 * pino flushes what is left on exit.
 */
export function createLogger(level: string, format: 'json' | 'pretty' = 'json'): Logger {
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
          `headers["${API_KEY_HEADER}"]`,
          '*.headers.authorization',
          `*.headers["${API_KEY_HEADER}"]`,
          'req.headers.authorization',
          `req.headers["${API_KEY_HEADER}"]`,
        ],
        censor: '[redacted]',
      },
    },
    format === 'pretty' ? prettyStream() : pino.destination({ dest: 1, sync: false, maxLength: MAX_LOG_BACKLOG_BYTES }),
  );
}

/** Whether logs should be pretty: asked for, or `auto` on a terminal outside production. */
export function logFormatOf(config: { logFormat: 'auto' | 'json' | 'pretty'; production: boolean }, isTTY: boolean): 'json' | 'pretty' {
  return config.logFormat === 'auto' ? (isTTY && !config.production ? 'pretty' : 'json') : config.logFormat;
}

function prettyStream(): DestinationStream {
  // pino-pretty is CommonJS and only needed here: required on demand, synchronously.
  const pretty = createRequire(import.meta.url)('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
  return pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,service', singleLine: true });
}

const BOOT_CONTEXTS: ReadonlySet<string> = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/** Nest's logger interface on top of pino, so framework messages are JSON too. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string) {
    // Nest's start-up chatter (one line per module and route) is for debugging, not the operator.
    if (context !== undefined && BOOT_CONTEXTS.has(context)) {
      this.logger.debug({ context }, String(message));
    } else {
      this.logger.info({ context }, String(message));
    }
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
