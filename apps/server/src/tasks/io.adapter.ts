import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { AppConfig } from '../config/env.js';
import { socketTuning } from '../socket-tuning/socket-tuning.js';

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

/**
 * Over HTTP long-polling, engine.io answers a POST above `maxHttpBufferSize` with 413 but keeps
 * the session open, so the client's ack never comes (it waits for its own timeout, ~20 s). Over
 * WebSocket the same message closes the connection at once. This makes both transports agree:
 * when a polling POST of a session ends in 413, the session is closed, and the client's pending
 * GET returns the close at once (`disconnect`, pending acks rejected).
 */
export function closeSessionOnOversizedPost(server: Server): void {
  const engine = server.engine as unknown as {
    use(fn: (req: IncomingMessage & { _query?: Record<string, string> }, res: ServerResponse, next: (err?: unknown) => void) => void): void;
    clients: Record<string, { close(): void } | undefined>;
  };
  engine.use((req, res, next) => {
    if (req.method === 'POST') {
      const sid = new URLSearchParams(req.url?.split('?')[1] ?? '').get('sid');
      if (sid) {
        res.once('finish', () => {
          if (res.statusCode === 413) {
            engine.clients[sid]?.close();
          }
        });
      }
    }
    next();
  });
}

/** Socket.IO server options from the configuration: payload bound, origin allowlist, connection cap. */
export class JpspIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    /** Cluster mode: the Socket.IO Redis streams adapter (broadcasts reach every node's sockets). */
    private readonly clusterAdapter?: ServerOptions['adapter'],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const config = this.config;
    let server: Server | undefined = undefined;
    const adapter = this.clusterAdapter ?? socketTuning.adapter(config.socketTuning);
    server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      ...(adapter ? { adapter } : {}),
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
        if (((server)?.engine?.clientsCount ?? 0) >= config.maxConnections) {
          callback('too many connections', false);
          return;
        }
        callback(null, true);
      },
    } as ServerOptions);
    if (config.socketTuning) {
      socketTuning.install(server);
    }
    closeSessionOnOversizedPost(server);
    return server;
  }

  /**
   * Nest would bind, for every socket, each `@SubscribeMessage` handler to that socket (an object
   * and a bound function per handler), and pipe it through RxJS: ~1.5 KB per idle connection.
   * Gateways here declare none: `TasksGateway` dispatches its events from one table shared by all
   * sockets. A handler added with `@SubscribeMessage` is refused at the first connection instead
   * of being silently ignored.
   */
  override bindMessageHandlers(_socket: Socket, handlers: MessageMappingProperties[]): void {
    if (handlers.length > 0) {
      throw new Error(`@SubscribeMessage handlers are not dispatched by JpspIoAdapter (${handlers.map((h) => String(h.message)).join(', ')}): add them to the gateway's event table`);
    }
  }

  /**
   * Nest's hook for `handleDisconnect`: no gateway here implements it, so no closure per socket
   * is registered to feed it.
   */
  override bindClientDisconnect(): void {}
}
