import type { INestApplicationContext } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/env.js';
import { FORWARDER_SOURCE, JpspIoAdapter, TaskRoomsAdapter } from './io.adapter.js';

describe(TaskRoomsAdapter.name, () => {
  const adapter = () => new TaskRoomsAdapter({ server: { encoder: {} } });

  it('does not put a socket in a room named after itself', () => {
    const sut = adapter();
    sut.addAll('sock-1', new Set(['sock-1']));
    expect(sut.rooms.size).toBe(0);
    expect(sut.sids.size).toBe(0);
  });

  it('keeps the task rooms, and leaves them all when the socket goes', () => {
    const sut = adapter();
    sut.addAll('sock-1', new Set(['sock-1']));
    sut.addAll('sock-1', new Set(['task:a']));
    sut.addAll('sock-2', new Set(['task:a', 'sock-2', 'task:b']));
    expect([...sut.rooms.keys()].sort()).toEqual(['task:a', 'task:b']);
    expect([...(sut.rooms.get('task:a') ?? [])].sort()).toEqual(['sock-1', 'sock-2']);
    expect([...(sut.sids.get('sock-2') ?? [])].sort()).toEqual(['task:a', 'task:b']);
    sut.delAll('sock-1');
    sut.delAll('sock-2');
    expect(sut.rooms.size).toBe(0);
    expect(sut.sids.size).toBe(0);
  });
});

describe(JpspIoAdapter.name, () => {
  const sut = new JpspIoAdapter({} as INestApplicationContext, {} as AppConfig);

  it('refuses @SubscribeMessage handlers instead of ignoring them (events are dispatched by the gateway)', () => {
    expect(() => sut.bindMessageHandlers({} as Socket, [])).not.toThrow();
    expect(() => sut.bindMessageHandlers({} as Socket, [{ message: 'task:other', methodName: 'other', isAckHandledManually: false, callback: () => Promise.resolve() }])).toThrow(/task:other/);
  });
});

describe('Engine.IO upgrade response', () => {
  it('is kept alive by the close forwarder the adapter recognises and removes (else ~0.4 KB per connection stays)', () => {
    // The Engine.IO that Socket.IO loads.
    const engineMain = createRequire(createRequire(import.meta.url).resolve('socket.io')).resolve('engine.io');
    const source = readFileSync(join(dirname(engineMain), 'server.js'), 'utf8');
    expect(source).toContain(`socket.once("close", ${FORWARDER_SOURCE});`);
  });
});
