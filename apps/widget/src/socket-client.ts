import type { ClientToServerEvents, ServerToClientEvents } from '@jpsp/contracts';
import { io, type Socket } from 'socket.io-client';

/** The only importer of socket.io-client. */
export type TaskSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * Opens a connection with the API key in the handshake and resolves once connected. The first
 * failure rejects with the `connect_error` (message `UNAUTHORIZED` for a wrong key) and closes the
 * socket: the organiser decides when to retry. Once connected, socket.io reconnects by itself.
 */
export function connectTaskServer(serverUrl: string, apiKey: string): Promise<TaskSocket> {
  const socket: TaskSocket = io(serverUrl, { auth: { apiKey }, timeout: 10_000, reconnectionDelayMax: 5_000, forceNew: true });
  return new Promise((resolve, reject) => {
    const onError = (err: Error) => {
      socket.close();
      reject(err);
    };
    socket.once('connect_error', onError);
    socket.once('connect', () => {
      socket.off('connect_error', onError);
      resolve(socket);
    });
  });
}
