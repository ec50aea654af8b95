import type { Ack, ClientToServerEvents, ListPayload, RunList, ServerToClientEvents, TaskSnapshot } from '@jpsp/contracts';
import { io, type Socket } from 'socket.io-client';
import type { HandshakeAuth } from './credentials.js';

/** The only importer of socket.io-client. */
export type TaskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens a connection and resolves once connected. `credential` is asked at every connection
 * attempt (reconnections included), so a reconnect after a token expired uses a fresh one. The
 * first failure rejects with the `connect_error` (message `UNAUTHORIZED` for a refused
 * credential) and closes the socket: the organiser decides when to retry.
 */
export function connectTaskServer(serverUrl: string, credential: () => Promise<HandshakeAuth>): Promise<TaskSocket> {
  let failure: unknown;
  const auth = (cb: (data: object) => void) => {
    credential().then(cb, (err: unknown) => {
      failure = err;
      cb({});
    });
  };
  const socket: TaskSocket = io(serverUrl, { auth, timeout: 10_000, reconnectionDelayMax: 5_000, forceNew: true });
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      socket.close();
      reject(failure instanceof Error ? failure : err);
    };
    socket.once('connect_error', onError);
    socket.once('connect', () => {
      socket.off('connect_error', onError);
      resolve(socket);
    });
  });
}

/** Emits a task event and waits for its `Ack` (at most `timeoutMs`; socket.io types the answer `any`). */
export function emitTask(socket: TaskSocket, event: 'task:submit' | 'task:subscribe' | 'task:cancel', payload: object, timeoutMs: number): Promise<Ack<TaskSnapshot>> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload as never) as Promise<Ack<TaskSnapshot>>;
}

/** `task:list`: the caller's runs, newest first (a token sees its event's only). */
export function emitList(socket: TaskSocket, payload: ListPayload, timeoutMs: number): Promise<Ack<RunList>> {
  return socket.timeout(timeoutMs).emitWithAck('task:list', payload) as Promise<Ack<RunList>>;
}
