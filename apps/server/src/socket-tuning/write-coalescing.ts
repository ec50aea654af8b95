import { Socket as NetSocket } from 'node:net';

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
export function coalesceWrites(socket: NetSocket): void {
  if (socket.write === netWrite) {
    socket.write = coalescedWrite;
  }
}

/** True when `socket` writes through the coalescer (for the specs). */
export function isCoalesced(socket: NetSocket): boolean {
  return socket.write === coalescedWrite;
}
