import { Inject } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayInit } from '@nestjs/websockets';
import {
  ClientEvent,
  HANDSHAKE_UNAUTHORIZED,
  ServerEvent,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type RunList,
  type TaskCatalogEntry,
  type TaskSnapshot,
} from '@jpsp/contracts';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { AuthFailure, Authenticator } from '../auth/authenticator.js';
import type { Caller } from '../auth/caller.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { baseUrlOf } from '../common/base-url.js';
import { toAck } from '../common/error-mapping.js';
import { TaskError } from '../common/task-error.js';
import { LOGGER } from '../common/logger.js';
import { validateDto } from '../common/validate-dto.js';
import { CatalogDto, ListDto, parseSubmit, TaskRefDto } from './tasks.dto.js';
import { TaskApi, type BeforeQueue, type MaybePromise } from './task-api.js';

interface SocketData {
  caller: Caller;
  baseUrl: string;
}
type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const room = (taskId: string) => `task:${taskId}`;

type EventHandler = (socket: AppSocket, body: unknown) => Promise<Ack<unknown>>;
/** `this` of the shared any-event listener: the socket (Socket.IO calls it so). */
type Dispatcher = (this: AppSocket, event: unknown, ...args: unknown[]) => void;

/**
 * Socket.IO's arguments of a client event as Nest's IoAdapter reads them: the ack is the last
 * argument if it is a function; one other argument is the body, several are an array.
 */
function bodyAndAck(args: unknown[]): { body: unknown; ack?: (answer: Ack<unknown>) => void } {
  const last = args.at(-1);
  const ack = typeof last === 'function' ? (last as (answer: Ack<unknown>) => void) : undefined;
  const rest = ack ? args.slice(0, -1) : args;
  return { body: rest.length === 1 ? rest[0] : rest.length === 0 ? undefined : rest, ack };
}
/**
 * The handshake every socket keeps once authenticated: one shared, empty, frozen object instead of
 * one per socket with copies of the headers, the query, the API key (in `auth`) and three strings
 * (address, time, URL): ~0.5 KB per idle connection, and no credential in memory.
 */
const RELEASED_HANDSHAKE: Socket['handshake'] = Object.freeze({
  headers: Object.freeze({}),
  time: '',
  address: '',
  xdomain: false,
  secure: false,
  issued: 0,
  url: '',
  query: Object.freeze({}),
  auth: Object.freeze({}),
});

/**
 * Socket.IO transport. The API key is checked in handshake middleware, before any event can be
 * handled; every event is validated here and answered with one `Ack<T>`, errors included.
 * Events are dispatched from one table shared by all sockets, not with `@SubscribeMessage`.
 */
@WebSocketGateway()
export class TasksGateway implements OnGatewayInit {
  @WebSocketServer() server: AppServer;

  /** The client events, each answered with one `Ack<T>` (an unknown event gets VALIDATION_FAILED). */
  private readonly handlers: Readonly<Record<string, EventHandler>> = {
    [ClientEvent.SUBMIT]: (socket, body) => this.submit(socket, body),
    [ClientEvent.SUBSCRIBE]: (socket, body) => this.subscribe(socket, body),
    [ClientEvent.CANCEL]: (socket, body) => this.cancel(socket, body),
    [ClientEvent.CATALOG]: (_socket, body) => this.catalog(body),
    [ClientEvent.LIST]: (socket, body) => this.list(socket, body),
    [ClientEvent.RETRY]: (socket, body) => this.retry(socket, body),
  };

  constructor(
    @Inject(TaskApi) private readonly tasks: TaskApi,
    @Inject(Authenticator) private readonly auth: Authenticator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  afterInit(server: AppServer): void {
    server.use((socket, next) => {
      this.auth.handshake(socket.handshake.auth, socket.handshake.headers).then(
        (caller) => this.admit(socket, caller, next),
        (err: unknown) => {
          // The message stays the machine-readable code; the reason travels in `data`.
          const refusal = new Error(HANDSHAKE_UNAUTHORIZED) as Error & { data?: unknown };
          refusal.data = { reason: err instanceof AuthFailure ? err.reason : 'authentication failed' };
          next(refusal);
        },
      );
    });
    // One listener for every event of every socket, dispatching from one table: no handler is
    // bound per socket (see JpspIoAdapter.bindMessageHandlers).
    const dispatch = this.dispatcher();
    server.on('connection', (socket) => socket.onAny(dispatch));
    const rooms = server.of('/').adapter.rooms;
    const distributed = this.tasks.distributed;
    this.tasks.onUpdate((_owner, snapshot, localOnly) => {
      const name = room(snapshot.taskId);
      // The broadcast encodes the packet before it looks at the room: skip rooms nobody is in
      // (e.g. the `running` update sent while the submitting socket has not joined yet). In
      // cluster mode the room may have members on other nodes only: the adapter relays it there,
      // unless the task's record says they are all here.
      if (localOnly) {
        if (rooms.has(name)) {
          server.local.to(name).emit(ServerEvent.UPDATE, snapshot);
        }
      } else if (distributed || rooms.has(name)) {
        server.to(name).emit(ServerEvent.UPDATE, snapshot);
      }
    });
  }

  /** The handshake passed: keep what the socket needs, release the rest of the upgrade request. */
  private admit(socket: AppSocket, caller: Caller, next: (err?: Error) => void): void {
    socket.data.caller = caller;
    socket.data.baseUrl = baseUrlOf(socket.handshake.headers, socket.handshake.secure, this.config);
    // Everything needed from the upgrade request is read: let it go (Engine.IO keeps a reference
    // for the connection's lifetime; Socket.IO's "memory usage" guide recommends dropping it).
    (socket.conn as unknown as { request: unknown }).request = null;
    // The same for the handshake (headers, the key in `auth`, the query): read above, not kept.
    (socket as { handshake: Socket['handshake'] }).handshake = RELEASED_HANDSHAKE;
    next();
  }

  private dispatcher(): Dispatcher {
    const handlers = this.handlers;
    const log = this.log;
    return function dispatch(event, ...args) {
      const { body, ack } = bodyAndAck(args);
      const handler = typeof event === 'string' && Object.hasOwn(handlers, event) ? handlers[event] : undefined;
      if (!handler) {
        const name = JSON.stringify(String(event).slice(0, 64));
        ack?.({ ok: false, error: TaskError.validation([{ path: '', reason: 'unknown event' }], `Unknown event ${name}`).toBody() });
        return;
      }
      handler(this, body).then(
        (answer) => {
          if (ack && this.connected) {
            ack(answer);
          }
        },
        (err: unknown) => log.error({ err }, 'event handler failed'),
      );
    };
  }

  submit(socket: AppSocket, body: unknown): Promise<Ack<TaskSnapshot>> {
    return toAck(this.log, () => {
      const dto = parseSubmit(body);
      return this.joined(socket, this.tasks.submit(socket.data.caller, dto.task, dto.input, dto.options, socket.data.baseUrl, this.joinEarly(socket)));
    });
  }

  subscribe(socket: AppSocket, body: unknown): Promise<Ack<TaskSnapshot>> {
    return toAck(this.log, () => {
      const dto = validateDto(TaskRefDto, body);
      const answer = this.tasks.get(socket.data.caller, dto.taskId, true);
      return answer instanceof Promise ? answer.then((snapshot) => (void socket.join(room(snapshot.taskId)), snapshot)) : this.joined(socket, answer);
    });
  }

  cancel(socket: AppSocket, body: unknown): Promise<Ack<TaskSnapshot>> {
    return toAck(this.log, () => {
      const dto = validateDto(TaskRefDto, body);
      return this.tasks.cancel(socket.data.caller, dto.taskId);
    });
  }

  list(socket: AppSocket, body: unknown): Promise<Ack<RunList>> {
    return toAck(this.log, () => this.tasks.list(socket.data.caller, validateDto(ListDto, body === undefined ? {} : body)));
  }

  retry(socket: AppSocket, body: unknown): Promise<Ack<TaskSnapshot>> {
    return toAck(this.log, () => {
      const dto = validateDto(TaskRefDto, body);
      return this.joined(socket, this.tasks.retry(socket.data.caller, dto.taskId, socket.data.baseUrl, this.joinEarly(socket)));
    });
  }

  catalog(body: unknown): Promise<Ack<TaskCatalogEntry[]>> {
    return toAck(this.log, () => {
      validateDto(CatalogDto, body === undefined ? {} : body);
      return this.tasks.catalog();
    });
  }

  /**
   * Cluster mode: the socket joins the task's room before the task is queued (another node may
   * run it and finish before the submit returns). Embedded mode answers synchronously, before
   * any update can be sent: joining afterwards saves the `running` broadcast to the submitter.
   */
  private joinEarly(socket: AppSocket): BeforeQueue | undefined {
    return this.tasks.distributed ? (taskId) => void socket.join(room(taskId)) : undefined;
  }

  private joined(socket: AppSocket, answer: MaybePromise<TaskSnapshot>): MaybePromise<TaskSnapshot> {
    if (answer instanceof Promise) {
      return answer;
    }
    void socket.join(room(answer.taskId));
    return answer;
  }

  connectedSockets(): number {
    return this.server?.engine?.clientsCount ?? 0;
  }
}
