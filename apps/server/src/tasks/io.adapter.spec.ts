import type { INestApplicationContext } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/env.js';
import { JpspIoAdapter } from './io.adapter.js';

describe(JpspIoAdapter.name, () => {
  const sut = new JpspIoAdapter({} as INestApplicationContext, {} as AppConfig);

  it('refuses @SubscribeMessage handlers instead of ignoring them (events are dispatched by the gateway)', () => {
    expect(() => sut.bindMessageHandlers({} as Socket, [])).not.toThrow();
    expect(() => sut.bindMessageHandlers({} as Socket, [{ message: 'task:other', methodName: 'other', isAckHandledManually: false, callback: () => Promise.resolve() }])).toThrow(/task:other/);
  });
});
