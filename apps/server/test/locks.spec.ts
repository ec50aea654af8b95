import type { TaskSnapshot } from '@jpsp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAck, isDone, okData, runTask, startWithTwoKeys, waitForUpdate, type Client } from './harness.js';

// options.lockKey: tasks of one API key with the same lock key never run at the same time.
let a: Client;
let b: Client;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ a, b, close } = await startWithTwoKeys());
});

afterAll(async () => {
  await close?.();
});

const submit = async (client: Client, task: string, input: unknown, options: Record<string, unknown> = {}) => okData(await emitAck<TaskSnapshot>(client, 'task:submit', { task, input, options }));
const isRunning = (s: TaskSnapshot) => s.status === 'running';

describe('lockKey', () => {
  it('keeps a second task of the same key and lock queued while a worker is free; other locks, other keys and unlocked tasks run', async () => {
    const first = await submit(a, 'test-slow', { ms: 60_000, steps: 600 }, { lockKey: 'event:44' });
    expect(first).toMatchObject({ lockKey: 'event:44' });
    if (first.status !== 'running') {
      await waitForUpdate(a, first.taskId, isRunning);
    }
    const second = await submit(a, 'test-echo', { text: 'after the lock' }, { lockKey: 'event:44' });
    expect(second).toMatchObject({ status: 'queued', queuePosition: 1, lockKey: 'event:44' });
    // The other worker is free: an unlocked task and a task under another lock run now.
    expect((await runTask(a, 'test-noop', {})).status).toBe('completed');
    expect((await runTask(a, 'test-echo', { text: 'x' }, { lockKey: 'event:45' })).status).toBe('completed');
    // Another key's lock of the same name is another lock (tenants never meet).
    expect((await runTask(b, 'test-echo', { text: 'y' }, { lockKey: 'event:44' })).status).toBe('completed');
    expect(okData(await emitAck<TaskSnapshot>(a, 'task:subscribe', { taskId: second.taskId }))).toMatchObject({ status: 'queued', queuePosition: 1 });

    // A waiting task stays cancellable.
    const third = await submit(a, 'test-echo', { text: 'cancelled while waiting' }, { lockKey: 'event:44' });
    expect(third.status).toBe('queued');
    expect(okData(await emitAck<TaskSnapshot>(a, 'task:cancel', { taskId: third.taskId }))).toMatchObject({ status: 'cancelled' });

    // The holder ends: the waiting task starts and completes.
    const secondDone = waitForUpdate(a, second.taskId, isDone);
    okData(await emitAck(a, 'task:cancel', { taskId: first.taskId }));
    expect(await secondDone).toMatchObject({ status: 'completed', result: { data: { length: 14 } } });
  }, 60_000);

  it('refuses a lock key that is too long or holds control characters', async () => {
    for (const lockKey of ['x'.repeat(201), 'a\nb', '']) {
      const ack = await emitAck(a, 'task:submit', { task: 'test-noop', input: {}, options: { lockKey } });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
  });
});
