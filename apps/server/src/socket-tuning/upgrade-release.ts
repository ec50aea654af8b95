import { ServerResponse } from 'node:http';
import { Socket as NetSocket } from 'node:net';

/**
 * Engine.IO answers a WebSocket upgrade through a small response object that holds the upgrade
 * request (headers, query, the API key if sent as a header) and that the TCP socket keeps alive
 * through a `close` listener (forwarding `close` to the response, for HTTP logging middlewares;
 * we use none) for the connection's lifetime: ~1.5 KB per idle connection with the request,
 * ~0.4 KB without. It is noted here by an Engine.IO middleware, which runs right after Engine.IO
 * added that listener; once the connection is established the request is cut and the listener
 * removed (only if it is the one-line forwarder expected, so a change in Engine.IO costs memory,
 * never behaviour).
 */
interface PendingUpgrade {
  res: { req: unknown };
  /** The `once('close')` wrapper of Engine.IO's forwarder, if recognised. */
  forwarder?: (...args: unknown[]) => void;
}
const pendingUpgrades = new WeakMap<NetSocket, PendingUpgrade>();

/** The forwarder's source in Engine.IO 6.6 (`socket.once("close", () => this.emit("close"))`). */
export const FORWARDER_SOURCE = '() => this.emit("close")';

/** True for the listener that Engine.IO's forwarder `once` wrapper holds. */
export function isForwarder(listener: unknown): boolean {
  const l = listener as { listener?: unknown } | undefined;
  return typeof l?.listener === 'function' && String(l.listener) === FORWARDER_SOURCE;
}

/** Engine.IO middleware side: note a WebSocket upgrade's response and its forwarder. */
export function noteUpgradeResponse(res: unknown): void {
  if (!(res instanceof ServerResponse)) {
    const socket = (res as { socket?: unknown }).socket;
    if (socket instanceof NetSocket) {
      const last = socket.rawListeners('close').at(-1) as ((...args: unknown[]) => void) | undefined;
      pendingUpgrades.set(socket, { res: res as { req: unknown }, forwarder: isForwarder(last) ? last : undefined });
    }
  }
}

/** Once connected: cut the upgrade request and drop the forwarder that kept the response alive. */
export function releaseUpgradeResponse(socket: NetSocket): void {
  const pending = pendingUpgrades.get(socket);
  if (pending) {
    pending.res.req = null;
    if (pending.forwarder) {
      socket.removeListener('close', pending.forwarder);
    }
    pendingUpgrades.delete(socket);
  }
}
