import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { ErrorCode, type Ack } from '@jpsp/contracts';
import type { IncomingMessage } from 'node:http';
import type { Observable } from 'rxjs';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { AppConfig } from '../config/env.js';

/** True when the request comes from a page of an allowed origin, from our own origin, or from a non-browser client (no Origin). */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) {
    return true;
  }
  if (allowed.includes(origin) || allowed.includes('*')) {
    return true;
  }
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Socket.IO server options from the configuration: payload bound, origin allowlist, connection cap. */
export class JpspIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const config = this.config;
    let server: Server | undefined = undefined;
    server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      maxHttpBufferSize: config.maxPayloadBytes,
      connectTimeout: 10_000,
      pingInterval: 25_000,
      pingTimeout: 20_000,
      cors: { origin: config.allowedOrigins.length > 0 ? [...config.allowedOrigins] : false, methods: ['GET', 'POST'] },
      allowRequest: (req: IncomingMessage, callback: (err: string | null | undefined, ok: boolean) => void) => {
        if (!originAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)) {
          callback('origin not allowed', false);
          return;
        }
        if (((server as Server | undefined)?.engine?.clientsCount ?? 0) >= config.maxConnections) {
          callback('too many connections', false);
          return;
        }
        callback(null, true);
      },
    } as ServerOptions);
    return server;
  }

  /** Nest leaves events without a handler unanswered: answer their ack, so no client waits for a timeout. */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
    super.bindMessageHandlers(socket, handlers, transform);
    const known = new Set<unknown>(handlers.map((h) => h.message));
    socket.onAny((event: unknown, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (known.has(event) || typeof ack !== 'function') {
        return;
      }
      const name = String(event).slice(0, 64);
      const answer: Ack<never> = {
        ok: false,
        error: { code: ErrorCode.VALIDATION_FAILED, message: `Unknown event ${JSON.stringify(name)}`, details: [{ path: '', reason: 'unknown event' }] },
      };
      (ack as (a: Ack<never>) => void)(answer);
    });
  }
}
