import type { Socket as NetSocket } from 'node:net';
import type { Server } from 'socket.io';
import { TaskRoomsAdapter } from './task-rooms.adapter.js';
import { releaseUpgradeResponse, noteUpgradeResponse } from './upgrade-release.js';
import { coalesceWrites } from './write-coalescing.js';

interface EngineSocket {
  transport?: { socket?: { _socket?: NetSocket } };
  once(event: 'upgrade', listener: () => void): void;
}

/**
 * The measured socket tuning (see README.md in this folder): no self-room per socket, writes of
 * one event-loop turn coalesced, the WebSocket upgrade response let go once connected.
 * `JPSP_SOCKET_TUNING=off` leaves Socket.IO as it comes.
 */
export const socketTuning = {
  /** The Socket.IO adapter class to use (`undefined`: Socket.IO's own). */
  adapter: (enabled: boolean) => (enabled ? TaskRoomsAdapter : undefined),

  /** Hooks the tuning into a Socket.IO server. */
  install(server: Server): void {
    (server.engine as unknown as { use(fn: (req: unknown, res: unknown, next: () => void) => void): void }).use((_req, res, next) => {
      noteUpgradeResponse(res);
      next();
    });
    server.engine.on('connection', (raw: EngineSocket) => {
      if (!settleOnTcp(raw)) {
        raw.once('upgrade', () => settleOnTcp(raw));
      }
    });
  },
};

/**
 * What a connection gets once it runs on its own TCP socket (WebSocket, at once or after an
 * upgrade from long-polling). Returns false while it has none (HTTP long-polling).
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
