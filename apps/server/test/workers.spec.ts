// Worker lifecycle seen from outside: the server process's thread count (/proc/<pid>/status).
// Workers start when a task needs one and stop after JPSP_WORKER_IDLE_MS without a task; with 0
// they all start with the server and stay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '@jpsp/contracts';
import { connect, connected, emitAck, isDone, okData, runTask, startTestServer, until, waitForUpdate, type Client, type TestServer } from './harness.js';
import { settledThreads, threadCount, threadIds, threadsDownTo } from './threads.mjs';

describe('worker threads', () => {
  let lazy: TestServer;
  let eager: TestServer;
  let client: Client;

  beforeAll(async () => {
    [lazy, eager] = await Promise.all([
      startTestServer({ JPSP_MAX_THREADS: '2', JPSP_WORKER_IDLE_MS: '300' }),
      startTestServer({ JPSP_MAX_THREADS: '2', JPSP_WORKER_IDLE_MS: '0' }),
    ]);
    client = await connected(connect(lazy.url));
  });
  afterAll(async () => {
    client?.close();
    await Promise.all([lazy?.stop(), eager?.stop()]);
  });

  it('an idle server holds no worker; JPSP_WORKER_IDLE_MS=0 starts them all with the server', async () => {
    const idle = await settledThreads(lazy.proc.pid!);
    const prestarted = await settledThreads(eager.proc.pid!);
    expect(prestarted - idle).toBe(2);
  });

  it('a task starts a worker, which stops once idle; the next task starts one again', async () => {
    const idle = await settledThreads(lazy.proc.pid!);
    for (let round = 0; round < 2; round++) {
      const snap = await runTask(client, 'test-noop', {});
      expect(snap.status).toBe('completed');
      // The worker is still there right after its task ...
      expect(threadCount(lazy.proc.pid!)).toBeGreaterThan(idle);
      // ... and gone once it has been idle for 300 ms.
      expect(await threadsDownTo(lazy.proc.pid!, idle)).toBe(idle);
    }
  });

  it('several tasks at once use at most JPSP_MAX_THREADS workers', async () => {
    const idle = await settledThreads(lazy.proc.pid!);
    const snaps = await Promise.all(Array.from({ length: 8 }, () => runTask(client, 'test-slow', { ms: 200, steps: 2 })));
    expect(snaps.map((s) => s.status)).toEqual(Array(8).fill('completed'));
    expect(threadCount(lazy.proc.pid!) - idle).toBeLessThanOrEqual(2);
    expect(await threadsDownTo(lazy.proc.pid!, idle)).toBe(idle);
  });
});

describe('stopping a running task', () => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    // One worker, started with the server and kept: any replacement changes the thread ids.
    server = await startTestServer({ JPSP_MAX_THREADS: '1', JPSP_WORKER_IDLE_MS: '0' });
    client = await connected(connect(server.url));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  async function cancelWhileRunning(task: string, input: unknown): Promise<{ status: string; code?: string; ms: number }> {
    // Listening before the submit: its first progress can arrive in the same packet batch as the ack.
    const seen: TaskSnapshot[] = [];
    const collect = (s: TaskSnapshot) => seen.push(s);
    client.on('task:update', collect);
    const submitted = okData(await emitAck(client, 'task:submit', { task, input }));
    const { taskId } = submitted;
    // Its first progress report proves the task's own code runs in the worker.
    await until('its first progress', () => seen.some((s) => s.taskId === taskId && s.status === 'running' && s.progress !== undefined), 10_000);
    client.off('task:update', collect);
    const done = waitForUpdate(client, taskId, isDone, 15_000);
    const t0 = Date.now();
    okData(await emitAck(client, 'task:cancel', { taskId }));
    const snap = await done;
    return { status: snap.status, code: snap.error?.code, ms: Date.now() - t0 };
  }

  it('a task that ends when its signal is aborted keeps its worker', async () => {
    const before = threadIds(server.proc.pid!);
    const r = await cancelWhileRunning('test-slow', { ms: 20_000, steps: 200 });
    expect(r).toMatchObject({ status: 'cancelled', code: 'CANCELLED' });
    expect(r.ms).toBeLessThan(1_500); // ended by itself, well before the 2 s grace
    await settledThreads(server.proc.pid!);
    expect(threadIds(server.proc.pid!)).toEqual(before);
  });

  it('a task that ignores its signal has its worker terminated after the grace period, and replaced', async () => {
    const before = threadIds(server.proc.pid!);
    const r = await cancelWhileRunning('test-fault', { mode: 'hang' });
    expect(r).toMatchObject({ status: 'cancelled', code: 'CANCELLED' });
    expect(r.ms).toBeGreaterThanOrEqual(1_900);
    // The replacement worker runs the next task.
    expect((await runTask(client, 'test-noop', {})).status).toBe('completed');
    expect(threadIds(server.proc.pid!)).not.toEqual(before);
  });
});
