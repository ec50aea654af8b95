import type { RunList, TaskSnapshot } from '@jpsp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAck, isDone, KEY_A, okData, runTask, startWithTwoKeys, until, waitForUpdate, type Client, type TestServer } from './harness.js';

const TTL_MS = 6000;

describe('runs an integrator can see: list, retry, submitter, ETA (Socket.IO and REST)', () => {
  let server: TestServer;
  let a: Client;
  let b: Client;
  const get = (path: string, key = KEY_A) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const post = (path: string, key = KEY_A) => fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${key}` } });
  const list = async (client: Client, query: object = {}) => okData(await emitAck<RunList>(client, 'task:list', query));

  let close: () => Promise<void> = () => Promise.resolve();
  beforeAll(async () => {
    ({ server, a, b, close } = await startWithTwoKeys({ JPSP_MAX_THREADS: '2', JPSP_RESULT_TTL_MS: String(TTL_MS), JPSP_SWEEP_INTERVAL_MS: '100' }));
  });
  afterAll(() => close());

  it('lists the key’s runs newest first, whatever their outcome, page by page, filtered, and forgets them with their results', async () => {
    const done = await runTask(a, 'test-echo', { text: 'one' }, { submitter: 'Jane Doe' });
    const failed = await runTask(a, 'test-bad', { mode: 'throw' });
    const slow = okData(await emitAck(a, 'task:submit', { task: 'test-slow', input: { ms: 20_000, steps: 100 } }));
    const cancelled = okData(await emitAck(a, 'task:cancel', { taskId: slow.taskId }));
    const theirs = await runTask(b, 'test-echo', { text: 'not yours' });
    await waitForUpdate(a, slow.taskId, isDone).catch(() => undefined);

    const all = await list(a);
    expect(all.items.map((s) => s.taskId)).toEqual([cancelled.taskId, failed.taskId, done.taskId]);
    expect(all.nextCursor).toBeUndefined();
    expect(all.items.map((s) => s.status)).toEqual(['cancelled', 'failed', 'completed']);
    expect(all.items[2]).toMatchObject({ submitter: 'Jane Doe', result: { files: [expect.objectContaining({ name: expect.any(String) })] } });
    expect((await list(b)).items.map((s) => s.taskId)).toEqual([theirs.taskId]);

    // Pages of 2: a cursor, then the rest and no cursor. REST answers the same.
    const first = await list(a, { limit: 2 });
    expect(first.items.map((s) => s.taskId)).toEqual([cancelled.taskId, failed.taskId]);
    expect(first.nextCursor).toEqual(expect.any(String));
    const second = await list(a, { limit: 2, cursor: first.nextCursor });
    expect(second).toEqual({ items: [expect.objectContaining({ taskId: done.taskId })] });
    const restFirst = (await (await get('/api/runs?limit=2')).json()) as RunList;
    expect(restFirst.items.map((s) => s.taskId)).toEqual(first.items.map((s) => s.taskId));
    const restSecond = (await (await get(`/api/runs?limit=2&cursor=${restFirst.nextCursor}`)).json()) as RunList;
    expect(restSecond.items.map((s) => s.taskId)).toEqual([done.taskId]);

    // Filters.
    expect((await list(a, { status: 'failed' })).items.map((s) => s.taskId)).toEqual([failed.taskId]);
    expect((await list(a, { task: 'test-echo' })).items.map((s) => s.taskId)).toEqual([done.taskId]);
    const restFiltered = (await (await get('/api/runs?status=completed&task=test-echo')).json()) as RunList;
    expect(restFiltered.items.map((s) => s.taskId)).toEqual([done.taskId]);

    // Bad queries: field paths, on both transports; GET /api/tasks stays the catalog.
    expect(await emitAck(a, 'task:list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'limit' }] } });
    expect(await emitAck(a, 'task:list', { cursor: 'bm9wZQ' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'cursor' }] } });
    expect(await emitAck(a, 'task:list', { status: 'done' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'status' }] } });
    for (const query of ['limit=101', 'limit=two', 'cursor=bm9wZQ', 'other=1']) {
      const res = await get(`/api/runs?${query}`);
      expect(res.status, query).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    }
    expect((await get('/api/runs', 'wrong-key-wrong-key-wrong')).status).toBe(401);
    expect(Array.isArray(await (await get('/api/tasks')).json())).toBe(true);

    // Nothing is kept beyond the result TTL.
    await until('the runs are forgotten with their results', async () => (await list(a)).items.length === 0, TTL_MS * 4);
    expect((await list(b)).items).toEqual([]);
  }, 60_000);

  it('retries a failed or cancelled run with the same input and options (task:retry, POST /api/tasks/:id/retry); refuses live and completed runs', async () => {
    const slow = okData(await emitAck(a, 'task:submit', { task: 'test-slow', input: { ms: 20_000, steps: 100 }, options: { submitter: 'Ana', timeoutMs: 60_000 } }));
    okData(await emitAck(a, 'task:cancel', { taskId: slow.taskId }));
    await until('the run is cancelled', async () => okData(await emitAck(a, 'task:subscribe', { taskId: slow.taskId })).status === 'cancelled');
    expect(await emitAck(a, 'task:retry', { taskId: slow.taskId })).toMatchObject({ ok: true, data: { task: 'test-slow', retryOf: slow.taskId, submitter: 'Ana' } });
    const again = (await list(a, { status: 'queued' })).items.concat((await list(a, { status: 'running' })).items).find((s) => s.retryOf === slow.taskId);
    expect(again).toBeDefined();
    // Refused while it runs; another key cannot retry it.
    expect(await emitAck(a, 'task:retry', { taskId: again!.taskId })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'taskId', reason: expect.stringMatching(/still (queued|running)/) }] } });
    expect(await emitAck(b, 'task:retry', { taskId: slow.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    okData(await emitAck(a, 'task:cancel', { taskId: again!.taskId }));

    // A failed run retried over REST: 202, a new run with the same input (it fails the same way).
    const failed = await runTask(a, 'test-bad', { mode: 'throw' });
    const res = await post(`/api/tasks/${failed.taskId}/retry`);
    expect(res.status).toBe(202);
    const retried = (await res.json()) as TaskSnapshot;
    expect(retried).toMatchObject({ task: 'test-bad', retryOf: failed.taskId });
    expect(retried.taskId).not.toBe(failed.taskId);
    let end: TaskSnapshot | undefined;
    await until('the retried run ends', async () => {
      end = okData(await emitAck(a, 'task:subscribe', { taskId: retried.taskId }));
      return isDone(end!);
    });
    expect(end!).toMatchObject({ status: 'failed', error: { code: 'TASK_FAILED', message: expect.stringMatching(/boom from the task/) } });

    const completed = await runTask(a, 'test-echo', { text: 'fine' });
    expect(await emitAck(a, 'task:retry', { taskId: completed.taskId })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', details: [{ path: 'taskId' }] } });
    expect((await post(`/api/tasks/${completed.taskId}/retry`)).status).toBe(400);
  }, 60_000);

  it('a task id that is not a UUID gets the same answer over REST and Socket.IO', async () => {
    const ack = await emitAck(a, 'task:subscribe', { taskId: 'not-a-uuid' });
    const res = await get('/api/tasks/not-a-uuid');
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: unknown };
    expect(ack).toEqual({ ok: false, error: body.error });
    expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'taskId' }] });
    expect((await fetch(`${server.url}/api/tasks/not-a-uuid`, { method: 'DELETE', headers: { authorization: `Bearer ${KEY_A}` } })).status).toBe(400);
  });

  it('keeps the submitter (validated) in the snapshot and the log', async () => {
    const snap = await runTask(a, 'test-echo', { text: 'x' }, { submitter: 'Émile Zola (Indico #42)' });
    expect(snap.submitter).toBe('Émile Zola (Indico #42)');
    await until('the log line names the submitter', () => server.logs.some((l) => l.includes('"msg":"task queued"') && l.includes('"submitter":"Émile Zola (Indico #42)"')));
    for (const submitter of ['', 'a\nb', 'x'.repeat(201), 42]) {
      const ack = await emitAck(a, 'task:submit', { task: 'test-echo', input: { text: 'x' }, options: { submitter } });
      expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
      expect((ack as unknown as { error: { details: { path: string }[] } }).error.details.map((d) => d.path)).toContain('options.submitter');
    }
  });

  it('estimates the time left from the task’s own progress rate, absent while unknown and at the end', async () => {
    const seen: TaskSnapshot[] = [];
    const snap = okData(await emitAck(a, 'task:submit', { task: 'test-slow', input: { ms: 3000, steps: 10 } }));
    a.on('task:update', (s: TaskSnapshot) => {
      if (s.taskId === snap.taskId) {
        seen.push(s);
      }
    });
    const end = await waitForUpdate(a, snap.taskId, isDone);
    const progress = seen.filter((s) => s.status === 'running' && s.progress).map((s) => s.progress!);
    expect(progress.filter((p) => p.percent === 0).every((p) => p.etaMs === undefined)).toBe(true);
    const etas = progress.filter((p) => p.etaMs !== undefined);
    expect(etas.length).toBeGreaterThan(0);
    // The task takes 3 s in all: each estimate is positive and within a generous bound of the truth.
    for (const p of etas) {
      expect(p.etaMs!).toBeGreaterThan(0);
      expect(p.etaMs!).toBeLessThan(10_000);
    }
    expect(end.status).toBe('completed');
    expect(end.progress?.etaMs).toBeUndefined();
  }, 30_000);
});
