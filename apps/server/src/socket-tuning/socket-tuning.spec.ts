// The tuning against a real Socket.IO server and client on loopback: each measure is checked with
// the tuning on (it happens) and off (it does not), so a Socket.IO, Engine.IO or ws upgrade that
// silently defeats one of them fails here.
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket as NetSocket } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { io as connectClient, type Socket as ClientSocket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { socketTuning } from './socket-tuning.js';
import { isForwarder } from './upgrade-release.js';
import { isCoalesced } from './write-coalescing.js';

interface Stack {
  io: Server;
  http: HttpServer;
  client: ClientSocket;
  socket: Socket;
  tcp: NetSocket;
}

const stacks: Stack[] = [];

async function start(tuned: boolean): Promise<Stack> {
  const http = createServer();
  const adapter = socketTuning.adapter(tuned);
  const io = new Server(http, adapter ? { adapter } : {});
  if (tuned) {
    socketTuning.install(io);
  }
  const connected = new Promise<Socket>((resolve) => io.on('connection', resolve));
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const client = connectClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { transports: ['websocket'], forceNew: true, reconnection: false });
  const socket = await connected;
  await new Promise<void>((resolve) => (client.connected ? resolve() : client.once('connect', () => resolve())));
  const tcp = (socket.conn as unknown as { transport: { socket: { _socket: NetSocket } } }).transport.socket._socket;
  const stack = { io, http, client, socket, tcp };
  stacks.push(stack);
  return stack;
}

afterEach(async () => {
  for (const { io, client } of stacks.splice(0)) {
    client.close();
    await io.close();
  }
});

/** Emits `n` events in one event-loop turn; counts the write calls that reach the TCP socket. */
async function writesFor(stack: Stack, n: number): Promise<{ write: number; writev: number }> {
  const counts = { write: 0, writev: 0 };
  const tcp = stack.tcp as unknown as Record<'_write' | '_writev', (this: NetSocket, ...a: unknown[]) => void>;
  const [write, writev] = [tcp._write, tcp._writev];
  tcp._write = function (this: NetSocket, ...a: unknown[]) {
    counts.write++;
    return write.apply(this, a);
  };
  tcp._writev = function (this: NetSocket, ...a: unknown[]) {
    counts.writev++;
    return writev.apply(this, a);
  };
  const received = new Promise<void>((resolve) => {
    let seen = 0;
    stack.client.on('tick', () => ++seen === n && resolve());
  });
  for (let i = 0; i < n; i++) {
    stack.socket.emit('tick', i);
  }
  await received;
  return counts;
}

describe('socket tuning', () => {
  it('coalesces the frames of one event-loop turn into one writev (and only when on)', async () => {
    const tuned = await start(true);
    expect(isCoalesced(tuned.tcp)).toBe(true);
    const coalesced = await writesFor(tuned, 20);
    // At most 2 calls for 20 frames here (one per frame without the tuning).
    expect(coalesced.write + coalesced.writev).toBeLessThanOrEqual(2);

    const plain = await start(false);
    expect(isCoalesced(plain.tcp)).toBe(false);
    const counts = await writesFor(plain, 20);
    expect(counts.write + counts.writev).toBeGreaterThanOrEqual(20); // one per frame
  });

  it('drops Engine.IO\'s close forwarder once connected (and only when on)', async () => {
    const tuned = await start(true);
    expect(tuned.tcp.rawListeners('close').filter(isForwarder)).toEqual([]);
    const plain = await start(false);
    expect(plain.tcp.rawListeners('close').filter(isForwarder)).toHaveLength(1);
  });

  it('keeps no room named after each socket (and only when on)', async () => {
    const tuned = await start(true);
    expect(tuned.io.of('/').adapter.rooms.has(tuned.socket.id)).toBe(false);
    const plain = await start(false);
    expect(plain.io.of('/').adapter.rooms.has(plain.socket.id)).toBe(true);
  });
});
