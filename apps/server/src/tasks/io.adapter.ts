import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { ErrorCode, type Ack } from '@jpsp/contracts';
import { ServerResponse, type IncomingMessage } from 'node:http';
import { Socket as NetSocket } from 'node:net';
import { isObservable, type Observable } from 'rxjs';
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

interface EngineSocket {
  transport?: { socket?: { _socket?: NetSocket } };
  once(event: 'upgrade', listener: () => void): void;
}

const CORKED = Symbol('jpsp.corked');
type CoalescedSocket = NetSocket & { [CORKED]?: boolean };
const netWrite = NetSocket.prototype.write;

function uncorkTurn(socket: CoalescedSocket): void {
  socket[CORKED] = false;
  socket.uncork();
}

/** `write` of a coalesced socket: one function for all of them (no closure per connection). */
function coalescedWrite(this: CoalescedSocket, ...args: unknown[]): boolean {
  if (!this[CORKED]) {
    this[CORKED] = true;
    this.cork();
    setImmediate(uncorkTurn, this);
  }
  return (netWrite as (...a: unknown[]) => boolean).apply(this, args);
}

/**
 * Every Socket.IO message (an ack, a task update) is one WebSocket frame that `ws` writes with
 * its own syscall: under load, that was the largest cost of the main thread. Corking the TCP
 * socket at its first write and uncorking it in `setImmediate` (the same event-loop turn, after
 * the I/O callbacks) sends all the frames of that turn in one `writev`. Same bytes, same order.
 * Returns false while the connection has no TCP socket of its own (HTTP long-polling).
 */
function coalesceWrites(raw: EngineSocket): boolean {
  const socket = raw.transport?.socket?._socket as CoalescedSocket | undefined;
  if (!socket) {
    return false;
  }
  releaseUpgradeResponse(socket);
  if (socket.write === netWrite) {
    socket.write = coalescedWrite as NetSocket['write'];
  }
  return true;
}

/**
 * Engine.IO answers a WebSocket upgrade through a small response object that holds the upgrade
 * request (headers, query, the API key if sent as a header) and that the TCP socket keeps alive
 * through a `close` listener for the connection's lifetime: ~1.5 KB per idle connection. It is
 * noted here by an Engine.IO middleware and cut from the request once the connection is
 * established (the request itself is dropped by the handshake middleware of the gateway).
 */
const upgradeResponses = new WeakMap<NetSocket, { req: unknown }>();

function noteUpgradeResponse(res: unknown): void {
  if (!(res instanceof ServerResponse)) {
    const socket = (res as { socket?: unknown }).socket;
    if (socket instanceof NetSocket) {
      upgradeResponses.set(socket, res as { req: unknown });
    }
  }
}

function releaseUpgradeResponse(socket: NetSocket): void {
  const res = upgradeResponses.get(socket);
  if (res) {
    res.req = null;
    upgradeResponses.delete(socket);
  }
}

/** Registered handlers of a socket (Nest's, bound to that socket), read by the shared `onAny` listener. */
const HANDLERS = Symbol('jpsp.handlers');
type HandledSocket = Socket & { [HANDLERS]?: MessageMappingProperties[] };

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
    (server.engine as unknown as { use(fn: (req: unknown, res: unknown, next: () => void) => void): void }).use((_req, res, next) => {
      noteUpgradeResponse(res);
      next();
    });
    server.engine.on('connection', (raw: EngineSocket) => {
      if (!coalesceWrites(raw)) {
        raw.once('upgrade', () => coalesceWrites(raw));
      }
    });
    return server;
  }

  /**
   * Replaces Nest's per-socket RxJS pipelines (fromEvent → mergeMap → takeUntil for every handler
   * of every socket: ~30 KB of subscribers and closures per idle connection) with one `onAny`
   * listener shared by all sockets, dispatching through the socket's handler list. Same behaviour
   * as IoAdapter's: payload → data and ack (`mapPayload`), the handler's value (or Promise, or
   * Observable) acked unless nil or the socket is gone, `{ event, data }` answers emitted, errors
   * logged. Nest leaves events without a handler unanswered: their ack gets VALIDATION_FAILED, so
   * no client waits for a timeout.
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], _transform: (data: unknown) => Observable<unknown>): void {
    const s = socket as HandledSocket;
    if (s[HANDLERS]) {
      s[HANDLERS] = [...s[HANDLERS], ...handlers]; // a second gateway on the same namespace
      return;
    }
    s[HANDLERS] = handlers;
    socket.onAny(this.onAnyEvent);
  }

  /** Nest's hook feeds `handleDisconnect`: `on`, not `once` (Socket.IO emits it once), saves a wrapper per socket. */
  override bindClientDisconnect(client: Socket, callback: (reason: unknown) => void): void {
    client.on('disconnect', callback);
  }

  /** The one `onAny` listener of every socket (`this` is the socket). */
  private readonly onAnyEvent = ((adapter: JpspIoAdapter) =>
    function onAnyEvent(this: HandledSocket, event: unknown, ...args: unknown[]): void {
      const handlers = this[HANDLERS];
      const handler = handlers?.find((h) => h.message === event);
      if (handler) {
        adapter.dispatch(this, handler, args.length > 1 ? args : args[0]);
        return;
      }
      const ack = args.at(-1);
      if (typeof ack !== 'function') {
        return;
      }
      const name = String(event).slice(0, 64);
      const answer: Ack<never> = {
        ok: false,
        error: { code: ErrorCode.VALIDATION_FAILED, message: `Unknown event ${JSON.stringify(name)}`, details: [{ path: '', reason: 'unknown event' }] },
      };
      (ack as (a: Ack<never>) => void)(answer);
    })(this);

  private dispatch(socket: Socket, handler: MessageMappingProperties, payload: unknown): void {
    const { data, ack } = this.mapPayload(payload) as { data: unknown; ack?: unknown };
    const respond = (response: unknown) => {
      if (response === null || response === undefined || socket.disconnected) {
        return;
      }
      const r = response as { event?: string; data?: unknown };
      if (r.event) {
        socket.emit(r.event, r.data);
      } else if (!handler.isAckHandledManually && typeof ack === 'function') {
        (ack as (a: unknown) => void)(response);
      }
    };
    const fail = (err: unknown) => this.logger.error(err);
    let result: unknown;
    try {
      result = handler.callback(data, ack);
    } catch (err) {
      fail(err);
      return;
    }
    void Promise.resolve(result)
      .then((value: unknown) => {
        if (isObservable(value)) {
          value.subscribe({ next: respond, error: fail });
        } else {
          respond(value);
        }
      })
      .catch(fail);
  }

}
