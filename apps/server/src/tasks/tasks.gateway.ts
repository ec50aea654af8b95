import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  ClientEvent,
  HANDSHAKE_UNAUTHORIZED,
  ServerEvent,
  type Ack,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type TaskCatalogEntry,
  type TaskSnapshot,
} from '@jpsp/contracts';
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import { ApiKeyVerifier, keyFromHeaders, type KeyId } from '../auth/api-key.js';
import { APP_CONFIG, type AppConfig } from '../config/env.js';
import { baseUrlOf } from '../common/base-url.js';
import { toAck } from '../common/error-mapping.js';
import { LOGGER } from '../common/logger.js';
import { validateDto } from '../common/validate-dto.js';
import { CatalogDto, parseSubmit, TaskRefDto } from './tasks.dto.js';
import { TasksService } from './tasks.service.js';

interface SocketData {
  keyId: KeyId;
  baseUrl: string;
}
type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const room = (taskId: string) => `task:${taskId}`;
/** What the handshake keeps of headers, auth and query: one shared empty object, not three per socket. */
const NOTHING_KEPT = Object.freeze({}) as Record<string, never>;

/**
 * Socket.IO transport. The API key is checked in handshake middleware, before any event can be
 * handled; every event is validated here and answered with one `Ack<T>`, errors included.
 */
@WebSocketGateway()
export class TasksGateway implements OnGatewayInit {
  @WebSocketServer() server: AppServer;

  constructor(
    @Inject(TasksService) private readonly tasks: TasksService,
    @Inject(ApiKeyVerifier) private readonly verifier: ApiKeyVerifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  afterInit(server: AppServer): void {
    server.use((socket, next) => {
      const auth = socket.handshake.auth as { apiKey?: unknown } | undefined;
      const keyId = this.verifier.verify(auth?.apiKey ?? keyFromHeaders(socket.handshake.headers));
      if (!keyId) {
        next(new Error(HANDSHAKE_UNAUTHORIZED));
        return;
      }
      socket.data.keyId = keyId;
      socket.data.baseUrl = baseUrlOf(socket.handshake.headers, socket.handshake.secure, this.config);
      // Everything needed from the upgrade request is read: let it go (Engine.IO keeps a reference
      // for the connection's lifetime; Socket.IO's "memory usage" guide recommends dropping it).
      (socket.conn as unknown as { request: unknown }).request = null;
      // The same for the handshake's copies (headers, the key in `auth`, the query): no API key
      // is kept in memory for the connection's lifetime.
      socket.handshake.headers = NOTHING_KEPT;
      socket.handshake.auth = NOTHING_KEPT;
      socket.handshake.query = NOTHING_KEPT;
      next();
    });
    const rooms = server.of('/').adapter.rooms;
    this.tasks.onUpdate((_owner, snapshot) => {
      const name = room(snapshot.taskId);
      // The broadcast encodes the packet before it looks at the room: skip rooms nobody is in
      // (e.g. the `running` update sent while the submitting socket has not joined yet).
      if (rooms.has(name)) {
        server.to(name).emit(ServerEvent.UPDATE, snapshot);
      }
    });
  }

  @SubscribeMessage(ClientEvent.SUBMIT)
  submit(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<TaskSnapshot>> {
    return toAck(this.log, () => {
      const dto = parseSubmit(body);
      const snapshot = this.tasks.submit(socket.data.keyId, dto.task, dto.input, dto.options, socket.data.baseUrl);
      void socket.join(room(snapshot.taskId));
      return snapshot;
    });
  }

  @SubscribeMessage(ClientEvent.SUBSCRIBE)
  subscribe(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<TaskSnapshot>> {
    return toAck(this.log, () => {
      const dto = validateDto(TaskRefDto, body);
      const snapshot = this.tasks.get(socket.data.keyId, dto.taskId);
      void socket.join(room(snapshot.taskId));
      return snapshot;
    });
  }

  @SubscribeMessage(ClientEvent.CANCEL)
  cancel(@ConnectedSocket() socket: AppSocket, @MessageBody() body: unknown): Promise<Ack<TaskSnapshot>> {
    return toAck(this.log, () => {
      const dto = validateDto(TaskRefDto, body);
      return this.tasks.cancel(socket.data.keyId, dto.taskId);
    });
  }

  @SubscribeMessage(ClientEvent.CATALOG)
  catalog(@MessageBody() body: unknown): Promise<Ack<TaskCatalogEntry[]>> {
    return toAck(this.log, () => {
      validateDto(CatalogDto, body === undefined ? {} : body);
      return this.tasks.catalog();
    });
  }

  connectedSockets(): number {
    return this.server?.engine?.clientsCount ?? 0;
  }
}
