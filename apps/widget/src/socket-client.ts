import type { ClientToServerEvents, ServerToClientEvents } from '@jpsp/contracts';
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
      reject(failure ?? err);
    };
    socket.once('connect_error', onError);
    socket.once('connect', () => {
      socket.off('connect_error', onError);
      resolve(socket);
    });
  });
}
