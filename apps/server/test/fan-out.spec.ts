import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connected, emitAck, isDone, okData, runTask, startTestServer, until, waitForUpdate, type Client, type TestServer } from './harness.js';

// Fan-out tasks (the paper check's engine): children across the pool, one merge job.
let server: TestServer;
let client: Client;

beforeAll(async () => {
  server = await startTestServer({ JPSP_STOP_GRACE_MS: '300' });
  client = await connected(connect(server.url));
});

afterAll(async () => {
  client?.close();
  await server?.stop();
});

const running = async () => ((await (await fetch(`${server.url}/health`)).json()) as { running: number }).running;

describe('fan-out tasks', () => {
  it('turns a child that crashes, throws or hangs into that item’s failure, and the rest run', async () => {
    const modes = ['ok', 'exit', 'ok', 'throw', 'hang', 'ok', 'ok'];
    const done = await runTask(client, 'test-fanout', { modes }, undefined, 30_000);
    expect(done.status).toBe('completed');
    const results = (done.result!.data as { results: { i: number; ok?: boolean; failed?: string }[] }).results;
    expect(results.map((r) => r.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => (r.ok ? 'ok' : 'failed'))).toEqual(['ok', 'failed', 'ok', 'failed', 'failed', 'ok', 'ok']);
    expect(results[1].failed).toMatch(/process\.exit/);
    expect(results[3].failed).toBe('child 3 failed');
    expect(results[4].failed).toMatch(/timeout of 1000 ms/);
  }, 40_000);

  it('stops every running child when the parent is cancelled', async () => {
    const submitted = okData(await emitAck(client, 'task:submit', { task: 'test-fanout', input: { modes: ['slow', 'slow', 'slow', 'slow', 'slow'] } }));
    await until('the fan-out runs', async () => (await running()) === 1);
    okData(await emitAck(client, 'task:cancel', { taskId: submitted.taskId }));
    const final = await waitForUpdate(client, submitted.taskId, isDone, 10_000).catch(async () => okData(await emitAck(client, 'task:subscribe', { taskId: submitted.taskId })));
    expect(final.status).toBe('cancelled');
    await until('nothing runs', async () => (await running()) === 0);
    // Both workers are free again (the children would hold them for 30 s): a plain task runs at once.
    const after = await runTask(client, 'test-noop', {}, undefined, 5_000);
    expect(after.status).toBe('completed');
  }, 30_000);

  it('ends a fan-out that exceeds its own timeout with TIMEOUT', async () => {
    const done = await runTask(client, 'test-fanout', { modes: ['slow', 'slow', 'slow'] }, { timeoutMs: 1_500 }, 20_000);
    expect(done).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
  }, 30_000);
});
