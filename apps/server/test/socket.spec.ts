import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskCatalogEntry, TaskSnapshot } from '@jpsp/contracts';
import {
  KEY_A,
  KEY_B,
  connect,
  connected,
  emitAck,
  isDone,
  okData,
  raw,
  runTask,
  startTestServer,
  until,
  waitForUpdate,
  type Client,
  type TestServer,
} from './harness.js';
import { expectServerUnpolluted, POLLUTION } from './reliability.js';

describe('Socket.IO transport (real server, real socket.io-client)', () => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    server = await startTestServer({ JPSP_MAX_THREADS: '1', JPSP_MAX_QUEUE: '3', JPSP_WORKER_MAX_MEMORY_MB: '128' });
    client = await connected(connect(server.url));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  describe('handshake', () => {
    it.each([
      ['a missing key', null],
      ['a wrong key', 'wrong-key-0123456789abcdef'],
      ['an empty key', ''],
    ])('refuses %s with connect_error UNAUTHORIZED', async (_label, key) => {
      const c = connect(server.url, key);
      const err = await new Promise<Error>((resolve) => c.once('connect_error', resolve));
      expect(err.message).toBe('UNAUTHORIZED');
      expect(c.connected).toBe(false);
      c.close();
    });

    it('accepts the key in an Authorization: Bearer header and in X-Api-Key', async () => {
      for (const headers of [{ authorization: `Bearer ${KEY_B}` }, { 'x-api-key': KEY_B }] as Record<string, string>[]) {
        const c = await connected(connect(server.url, null, { extraHeaders: headers }));
        expect(okData(await emitAck<TaskCatalogEntry[]>(c, 'task:catalog', {})).length).toBeGreaterThan(0);
        c.close();
      }
    });

    it('refuses a browser origin that is not on the allowlist, before the handshake', async () => {
      const evil = { origin: 'https://evil.example' };
      const c = connect(server.url, KEY_A, { transports: ['polling'], extraHeaders: evil });
      const err = await new Promise<Error & { description?: unknown }>((resolve) => c.once('connect_error', resolve));
      // Refused by Engine.IO's allowRequest: a 403 on the very first request, no session made.
      expect({ message: err.message, status: err.description }).toEqual({ message: 'xhr poll error', status: 403 });
      expect(c.connected).toBe(false);
      c.close();
      const raw = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, { headers: evil });
      expect(raw.status).toBe(403);
      expect(await raw.json()).toEqual({ code: 4, message: 'origin not allowed' });
      const ws = connect(server.url, KEY_A, { transports: ['websocket'], extraHeaders: evil });
      expect((await new Promise<Error>((resolve) => ws.once('connect_error', resolve))).message).toBe('websocket error');
      ws.close();
    });
  });

  it('serves a client that starts on HTTP long-polling and upgrades to WebSocket (the browser default)', async () => {
    const c = connect(server.url, KEY_A, { transports: ['polling', 'websocket'] });
    try {
      // The Engine.IO session opens on polling; the upgrade follows a probe round trip.
      const upgraded = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no upgrade within 5 s')), 5_000);
        c.io.once('open', () => {
          const first = c.io.engine.transport.name;
          c.io.engine.once('upgrade', () => {
            clearTimeout(timer);
            resolve(`${first} → ${c.io.engine.transport.name}`);
          });
        });
      });
      await connected(c);
      expect(await upgraded).toBe('polling → websocket');
      expect(c.io.engine.transport.name).toBe('websocket');
      const updates: TaskSnapshot[] = [];
      c.on('task:update', (s) => updates.push(s));
      const done = await runTask(c, 'test-echo', { text: 'after the upgrade' });
      expect(done.status).toBe('completed');
      expect(updates.at(-1)?.status).toBe('completed');
      expect(okData(await emitAck<TaskCatalogEntry[]>(c, 'task:catalog', {})).length).toBeGreaterThan(0);
    } finally {
      c.close();
    }
  });

  it('lists the catalog with JSON Schemas of the inputs', async () => {
    const catalog = okData(await emitAck<TaskCatalogEntry[]>(client, 'task:catalog', {}));
    const echo = catalog.find((t) => t.name === 'test-echo');
    expect(echo).toMatchObject({ title: 'Test: test-echo', defaultTimeoutMs: 60_000 });
    expect(echo?.inputSchema).toMatchObject({ type: 'object', properties: { text: { type: 'string' } } });
  });

  it('runs a task: submit → running → completed → download with matching bytes and sha256', async () => {
    const updates: TaskSnapshot[] = [];
    client.on('task:update', (s) => updates.push(s));
    const text = 'Grüße, 世界 — booklet\n'.repeat(1000);
    const done = await runTask(client, 'test-echo', { text, warn: '3 contributions have no abstract' });
    client.off('task:update');
    expect(done.status).toBe('completed');
    expect(done.result?.warnings).toEqual(['3 contributions have no abstract']);
    expect(done.result?.data).toEqual({ length: text.length });
    expect(updates.map((u) => u.status)).toContain('running');
    expect(updates.at(-1)?.status).toBe('completed');
    expect(done.startedAt && done.finishedAt && done.createdAt).toBeTruthy();

    const file = done.result!.files[0];
    expect(file).toMatchObject({ name: 'echo.txt', mediaType: 'text/plain; charset=utf-8', size: Buffer.byteLength(text) });
    expect(new URL(file.url).pathname).toMatch(/^\/files\/[A-Za-z0-9_-]{43}\/echo\.txt$/);
    const res = await fetch(file.url);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.toString('utf8')).toBe(text);
    expect(createHash('sha256').update(body).digest('hex')).toBe(file.sha256);
    expect(res.headers.get('content-disposition')).toContain('attachment; filename="echo.txt"');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-length')).toBe(String(file.size));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('etag')).toBe(`"${file.sha256}"`);

    const range = await fetch(file.url, { headers: { range: 'bytes=0-5' } });
    expect(range.status).toBe(206);
    expect(Buffer.from(await range.arrayBuffer())).toEqual(body.subarray(0, 6));
    const cached = await fetch(file.url, { headers: { 'if-none-match': `"${file.sha256}"` } });
    expect(cached.status).toBe(304);

    const wrongName = file.url.replace(/echo\.txt$/, 'other.txt');
    expect((await fetch(wrongName)).status).toBe(404);
  });

  it('reports progress, rate-limited, with phases', async () => {
    const progress: TaskSnapshot[] = [];
    const onUpdate = (s: TaskSnapshot) => s.status === 'running' && s.progress && progress.push(s);
    client.on('task:update', onUpdate);
    // 5,000 progress calls in about one second: clients must see a handful, not thousands.
    const done = await runTask(client, 'test-slow', { ms: 1000, steps: 5000 });
    client.off('task:update', onUpdate);
    expect(done.status).toBe('completed');
    // At most one update per JPSP_PROGRESS_INTERVAL_MS (100 ms) while running, plus slack for timers.
    const ranMs = Date.parse(done.finishedAt!) - Date.parse(done.startedAt!);
    expect(progress.length).toBeGreaterThanOrEqual(3);
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(ranMs / 100) + 3);
    expect(new Set(progress.map((p) => p.progress?.phase))).toEqual(new Set(['first-half', 'second-half']));
    const percents = progress.map((p) => p.progress!.percent);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
  });

  it('queues with positions, cancels a queued and a running task, and answers QUEUE_FULL beyond the bound', async () => {
    const running = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 20_000, steps: 20 } }));
    const queued = await Promise.all([1, 2, 3].map(() => emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 50, steps: 1 } }).then(okData)));
    expect(queued.map((q) => q.status)).toEqual(['queued', 'queued', 'queued']);
    expect(queued.map((q) => q.queuePosition)).toEqual([1, 2, 3]);

    const full = await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 50 } });
    expect(full).toMatchObject({ ok: false, error: { code: 'QUEUE_FULL' } });

    const positionUpdate = waitForUpdate(client, queued[2].taskId, (s) => s.queuePosition === 2);
    const cancelledQueued = okData(await emitAck(client, 'task:cancel', { taskId: queued[0].taskId }));
    expect(cancelledQueued).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    expect((await positionUpdate).status).toBe('queued');

    const runningCancelled = waitForUpdate(client, running.taskId, isDone);
    okData(await emitAck(client, 'task:cancel', { taskId: running.taskId }));
    expect(await runningCancelled).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    // The worker was terminated and replaced: the queued tasks run to completion.
    const rest = await Promise.all(queued.slice(1).map((q) => waitForUpdate(client, q.taskId, isDone).catch(() => undefined).then(async (s) => s ?? okData(await emitAck(client, 'task:subscribe', { taskId: q.taskId })))));
    expect(rest.map((s) => s.status)).toEqual(['completed', 'completed']);
  });

  it('stops a task at its timeout', async () => {
    const done = await runTask(client, 'test-slow', { ms: 20_000, steps: 4 }, { timeoutMs: 400 });
    expect(done).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
  });

  it('refuses a timeout above the server maximum', async () => {
    const ack = await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'x' }, options: { timeoutMs: 10 * 24 * 3600_000 } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it.each([
    ['throw', 'TASK_FAILED', /boom from the task/],
    ['coded', 'VALIDATION_FAILED', /judged its input invalid/],
    ['oom', 'WORKER_CRASHED', /out of memory/],
    ['exit', 'WORKER_CRASHED', /process\.exit/],
    ['unhandled', 'WORKER_CRASHED', /nobody catches me/],
    ['timer-throw', 'WORKER_CRASHED', /thrown from a timer/],
    ['loop', 'TIMEOUT', /timeout/],
  ])('a task that does %s fails with %s and the next task still completes', async (mode, code, message) => {
    const bad = await runTask(client, 'test-bad', { mode }, mode === 'loop' ? { timeoutMs: 500 } : undefined);
    expect(bad.status).toBe('failed');
    expect(bad.error?.code).toBe(code);
    expect(bad.error?.message).toMatch(message);
    const good = await runTask(client, 'test-echo', { text: `after ${mode}` });
    expect(good.status).toBe('completed');
  });

  it('returns the same task for the same idempotency key, per API key, and a new one after a failure', async () => {
    const options = { idempotencyKey: 'booklet:44:abc' };
    const first = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 300, steps: 3 }, options }));
    const second = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 300, steps: 3 }, options }));
    expect(second.taskId).toBe(first.taskId);

    const other = await connected(connect(server.url, KEY_B));
    const third = okData(await emitAck(other, 'task:submit', { task: 'test-slow', input: { ms: 10, steps: 1 }, options }));
    expect(third.taskId).not.toBe(first.taskId);
    other.close();

    const done = await waitForUpdate(client, first.taskId, isDone).catch(async () => okData(await emitAck(client, 'task:subscribe', { taskId: first.taskId })));
    expect(done.status).toBe('completed');
    const again = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 300, steps: 3 }, options }));
    expect(again).toMatchObject({ taskId: first.taskId, status: 'completed' });

    const failOpts = { idempotencyKey: 'will-fail' };
    const failed = await runTask(client, 'test-bad', { mode: 'throw' }, failOpts);
    expect(failed.status).toBe('failed');
    const retried = okData(await emitAck(client, 'task:submit', { task: 'test-bad', input: { mode: 'throw' }, options: failOpts }));
    expect(retried.taskId).not.toBe(failed.taskId);
  });

  it("isolates tenants: another key's task is NOT_FOUND, and it receives none of its updates", async () => {
    const other = await connected(connect(server.url, KEY_B));
    const seen: TaskSnapshot[] = [];
    other.on('task:update', (s) => seen.push(s));
    const mine = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 200, steps: 2 } }));
    expect(await emitAck(other, 'task:subscribe', { taskId: mine.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await emitAck(other, 'task:cancel', { taskId: mine.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    await waitForUpdate(client, mine.taskId, isDone);
    expect(seen.filter((s) => s.taskId === mine.taskId)).toEqual([]);
    other.close();
  });

  describe('malformed payloads', () => {
    const huge = 'x'.repeat(200_000);
    const deep = JSON.parse('['.repeat(2000) + ']'.repeat(2000));
    const cases: Array<[string, unknown]> = [
      ['undefined', undefined],
      ['null', null],
      ['a number', 42],
      ['a string', 'task:submit'],
      ['an array', [{ task: 'test-echo' }]],
      ['a buffer', Buffer.from('binary')],
      ['an empty object', {}],
      ['wrong types', { task: 42, input: 'x', taskId: 7, options: 'fast' }],
      ['a huge string', { task: huge, taskId: huge }],
      ['deep nesting', { task: 'test-echo', input: deep, taskId: deep }],
      ['prototype keys', JSON.parse(`{"__proto__":${POLLUTION},"constructor":{"prototype":${POLLUTION}},"task":"test-echo"}`)],
    ];
    for (const event of ['task:submit', 'task:subscribe', 'task:cancel']) {
      it.each(cases)(`${event} with %s is acked with VALIDATION_FAILED`, async (_label, payload) => {
        const ack = await emitAck(client, event, payload);
        expect(ack.ok).toBe(false);
        expect(ack.ok === false && ack.error.code).toBe('VALIDATION_FAILED');
        expect(ack.ok === false && Array.isArray(ack.error.details)).toBe(true);
      });
    }
    it('task:catalog with a non-empty payload is acked with VALIDATION_FAILED', async () => {
      expect(await emitAck(client, 'task:catalog', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    });
    it('an unknown task is UNKNOWN_TASK, an invalid input names the field path', async () => {
      expect(await emitAck(client, 'task:submit', { task: 'no-such-task', input: {} })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_TASK' } });
      const ack = await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 'soon', extra: 1 } });
      expect(ack.ok).toBe(false);
      const paths = ack.ok ? [] : (ack.error.details as Array<{ path: string }>).map((d) => d.path);
      expect(paths).toEqual(expect.arrayContaining(['input.ms', 'input.extra']));
    });
    it('events without an ack callback, unknown events and garbage do not hurt the server', async () => {
      raw(client).emit('task:submit', { task: 'test-echo' });
      raw(client).emit('task:subscribe');
      raw(client).emit('nope:nothing', { a: 1 });
      raw(client).emit('task:cancel', 1, 2, 3, () => undefined);
      // The events without acks went first on the same connection, so the server has handled them.
      await expectServerUnpolluted(client);
      expect((await runTask(client, 'test-echo', { text: 'still serving' })).status).toBe('completed');
    });
  });

  it('after a reconnect, task:subscribe returns the final state', async () => {
    const c = await connected(connect(server.url));
    const snap = okData(await emitAck(c, 'task:submit', { task: 'test-slow', input: { ms: 400, steps: 2 } }));
    c.close();
    await until('the task completed while its client was away', async () => (await fetch(`${server.url}/api/tasks/${snap.taskId}`, { headers: { 'x-api-key': KEY_A } }).then((r) => r.json() as Promise<TaskSnapshot>)).status === 'completed');
    const again = await connected(connect(server.url));
    const final = okData(await emitAck(again, 'task:subscribe', { taskId: snap.taskId }));
    expect(final.status).toBe('completed');
    expect(final.result?.files[0].name).toBe('slow.txt');
    expect((await fetch(final.result!.files[0].url)).status).toBe(200);
    again.close();
  });

  it('never writes an API key into the logs', () => {
    const all = server.logs.join('\n');
    expect(all).not.toContain(KEY_A);
    expect(all).not.toContain(KEY_B);
    expect(all).toContain('"msg":"task finished"');
  });
});
