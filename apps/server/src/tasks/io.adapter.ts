import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { ServerResponse, type IncomingMessage } from 'node:http';
import { Socket as NetSocket } from 'node:net';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { Adapter, type Room, type SocketId } from 'socket.io-adapter';
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
// eslint-disable-next-line @typescript-eslint/unbound-method -- kept to recognise and call the original with `apply`
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
 */
function coalesceWrites(socket: CoalescedSocket): void {
  if (socket.write === netWrite) {
    socket.write = coalescedWrite;
  }
}

/**
 * What a connection gets once it runs on its own TCP socket (WebSocket, at once or after an
 * upgrade from long-polling): coalesced writes, and the upgrade response let go.
 * Returns false while it has none (HTTP long-polling).
 */
function settleOnTcp(raw: EngineSocket): boolean {
  const socket = raw.transport?.socket?._socket;
  if (!socket) {
    return false;
  }
  releaseUpgradeResponse(socket);
  coalesceWrites(socket);
  return true;
}

/**
 * Engine.IO answers a WebSocket upgrade through a small response object that holds the upgrade
 * request (headers, query, the API key if sent as a header) and that the TCP socket keeps alive
 * through a `close` listener (forwarding `close` to the response, for HTTP logging middlewares;
 * we use none) for the connection's lifetime: ~1.5 KB per idle connection with the request,
 * ~0.4 KB without. It is noted here by an Engine.IO middleware, which runs right after Engine.IO
 * added that listener; once the connection is established the request is cut and the listener
 * removed (only if it is the one-line forwarder expected, so a change in Engine.IO costs memory,
 * never behaviour). The request itself is dropped by the handshake middleware of the gateway.
 */
interface PendingUpgrade {
  res: { req: unknown };
  /** The `once('close')` wrapper of Engine.IO's forwarder, if recognised. */
  forwarder?: (...args: unknown[]) => void;
}
const pendingUpgrades = new WeakMap<NetSocket, PendingUpgrade>();
/** Exported for the spec that checks it against the installed Engine.IO. */
export const FORWARDER_SOURCE = '() => this.emit("close")';

function noteUpgradeResponse(res: unknown): void {
  if (!(res instanceof ServerResponse)) {
    const socket = (res as { socket?: unknown }).socket;
    if (socket instanceof NetSocket) {
      const last = socket.rawListeners('close').at(-1) as ((...args: unknown[]) => void) & { listener?: unknown };
      const recognised = typeof last?.listener === 'function' && String(last.listener) === FORWARDER_SOURCE;
      pendingUpgrades.set(socket, { res: res as { req: unknown }, forwarder: recognised ? last : undefined });
    }
  }
}

function releaseUpgradeResponse(socket: NetSocket): void {
  const pending = pendingUpgrades.get(socket);
  if (pending) {
    pending.res.req = null;
    if (pending.forwarder) {
      socket.removeListener('close', pending.forwarder);
    }
    pendingUpgrades.delete(socket);
  }
}

/**
 * Socket.IO puts every socket in a room named after its id, for `io.to(socketId)` and for
 * `socket.broadcast` to leave the sender out. JPSP-NG uses neither: a socket is only in the rooms
 * of the tasks it follows. Without the self-room an idle connection costs two Sets and two Map
 * entries less (~0.3 KB). Do not use `io.to(socketId)` or `socket.broadcast` with this adapter.
 */
export class TaskRoomsAdapter extends Adapter {
  override addAll(id: SocketId, rooms: Set<Room>): void {
    if (rooms.has(id)) {
      rooms = new Set([...rooms].filter((room) => room !== id));
    }
    if (rooms.size > 0) {
      void super.addAll(id, rooms); // synchronous in the in-memory adapter
    }
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
      adapter: TaskRoomsAdapter,
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
    (server.engine as unknown as { use(fn: (req: unknown, res: unknown, next: () => void) => void): void }).use((_req, res, next) => {
      noteUpgradeResponse(res);
      next();
    });
    server.engine.on('connection', (raw: EngineSocket) => {
      if (!settleOnTcp(raw)) {
        raw.once('upgrade', () => settleOnTcp(raw));
      }
    });
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
