import type { TaskSnapshot } from '@jpsp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAck, isDone, KEY_A, KEY_B, okData, runTask, startWithTwoKeys, waitForUpdate, type Client, type TestServer } from './harness.js';

// One worker, at most 4 tasks per key (queued + running), at most 4 waiting in all.
const ENV = { JPSP_MAX_THREADS: '1', JPSP_MAX_QUEUE_PER_KEY: '4', JPSP_MAX_QUEUE: '4', JPSP_WORKER_MAX_MEMORY_MB: '128' };
const SLOW = { task: 'test-slow', input: { ms: 700, steps: 7 } };

describe('fair share between API keys (two keys, one worker)', () => {
  let server: TestServer;
  let a: Client;
  let b: Client;
  const rest = (key: string, body: unknown) =>
    fetch(`${server.url}/api/tasks`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  let close: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    ({ server, a, b, close } = await startWithTwoKeys(ENV));
  });
  afterAll(() => close());

  it('bounds one key (QUEUE_FULL scope key, ack and 429 with Retry-After), serves the other key before the backlog, and bounds the server (scope server)', async () => {
    const mine: TaskSnapshot[] = [];
    for (let i = 0; i < 4; i++) {
      mine.push(okData(await emitAck(a, 'task:submit', SLOW)));
    }
    const ends = mine.map((s) => waitForUpdate(a, s.taskId, isDone, 30_000));

    // The fifth task of key A is refused over both transports, naming the key's bound.
    const refused = await emitAck(a, 'task:submit', SLOW);
    expect(refused).toMatchObject({ ok: false, error: { code: 'QUEUE_FULL', details: { scope: 'key', limit: 4 } } });
    const hint = (refused as unknown as { error: { details: { retryAfterMs: number } } }).error.details.retryAfterMs;
    expect(hint).toBeGreaterThanOrEqual(1000);
    const res = await rest(KEY_A, SLOW);
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ error: { code: 'QUEUE_FULL', details: { scope: 'key', limit: 4 } } });

    // Key B's single task waits behind at most one of key A's, not behind its whole backlog.
    const theirs = okData(await emitAck(b, 'task:submit', { task: 'test-echo', input: { text: 'my turn' } }));
    expect(theirs.status).toBe('queued');
    expect(theirs.queuePosition).toBeLessThanOrEqual(2);

    // Four waiting in all: the server's bound refuses key B's next one, although B is under its own.
    const full = await emitAck(b, 'task:submit', { task: 'test-echo', input: { text: 'one more' } });
    expect(full).toMatchObject({ ok: false, error: { code: 'QUEUE_FULL', details: { scope: 'server', limit: 4 } } });
    const fullRest = await rest(KEY_B, { task: 'test-echo', input: { text: 'one more' } });
    expect(fullRest.status).toBe(429);
    expect(await fullRest.json()).toMatchObject({ error: { details: { scope: 'server' } } });

    const b1 = await waitForUpdate(b, theirs.taskId, isDone, 30_000);
    const done = await Promise.all(ends);
    expect(b1.status).toBe('completed');
    expect(done.map((s) => s.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
    // Round-robin: B finished before A's third and fourth tasks started (FIFO would run it last).
    expect(Date.parse(b1.finishedAt!)).toBeLessThanOrEqual(Date.parse(done[2].startedAt!));
    expect(Date.parse(b1.finishedAt!)).toBeLessThanOrEqual(Date.parse(done[3].startedAt!));

    // Finished tasks no longer count against the key.
    expect((await runTask(a, 'test-echo', { text: 'again' })).status).toBe('completed');
  }, 60_000);

  it('a cancelled task frees its place at once', async () => {
    const mine: TaskSnapshot[] = [];
    for (let i = 0; i < 4; i++) {
      mine.push(okData(await emitAck(a, 'task:submit', { task: 'test-slow', input: { ms: 5000, steps: 50 } })));
    }
    expect(await emitAck(a, 'task:submit', SLOW)).toMatchObject({ ok: false, error: { details: { scope: 'key' } } });
    okData(await emitAck(a, 'task:cancel', { taskId: mine[3].taskId }));
    const next = okData(await emitAck(a, 'task:submit', SLOW));
    expect(next.status).toBe('queued');
    for (const s of [...mine, next]) {
      await emitAck(a, 'task:cancel', { taskId: s.taskId });
    }
  }, 30_000);
});
