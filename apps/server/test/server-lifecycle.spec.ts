// One server per block, each with the settings it tests: result expiry, size limits, SIGTERM,
// start-up configuration (the shared-server transport tests are in socket.spec.ts).
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '@jpsp/contracts';
import { connect, connected, emitAck, isDone, okData, raw, runTask, startTestServer, until, waitForUpdate, type TestServer } from './harness.js';

describe('results expire', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JPSP_RESULT_TTL_MS: '800', JPSP_SWEEP_INTERVAL_MS: '100' });
  });
  afterAll(() => server?.stop());

  it('answers 410 after the TTL, deletes the file, and the task then reads EXPIRED', async () => {
    const client = await connected(connect(server.url));
    const done = await runTask(client, 'test-echo', { text: 'short-lived' });
    const url = done.result!.files[0].url;
    expect((await fetch(url)).status).toBe(200);
    const dir = join(server.tempDir, 'results', done.taskId);
    expect(existsSync(join(dir, 'echo.txt'))).toBe(true);
    await until('the download answers 410', async () => (await fetch(url)).status === 410, 10_000);
    await until('the sweeper deleted the files', () => !existsSync(dir), 10_000);
    const gone = await fetch(url);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ error: { code: 'EXPIRED' } });
    expect(existsSync(dir)).toBe(false);
    expect(readdirSync(join(server.tempDir, 'results')).sort()).toEqual(['.jpsp-lock', '.jpsp-temp-root']);
    expect(await emitAck(client, 'task:subscribe', { taskId: done.taskId })).toMatchObject({ ok: false, error: { code: 'EXPIRED' } });
    // A different token of the same shape is unknown: 404, not 410.
    expect((await fetch(url.replace(/files\/[^/]+/, `files/${'A'.repeat(43)}`))).status).toBe(404);
    client.close();
  });
});

describe('limits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ JPSP_MAX_PAYLOAD_BYTES: '65536', JPSP_TEMP_QUOTA_BYTES: String(20 * 1024 * 1024), JPSP_MAX_RESULT_BYTES: String(20 * 1024 * 1024) });
  });
  afterAll(() => server?.stop());

  it('refuses a task whose results outgrow the temporary area quota with STORAGE_FULL, and cleans up', async () => {
    const client = await connected(connect(server.url));
    const done = await runTask(client, 'test-bad', { mode: 'huge' });
    expect(done).toMatchObject({ status: 'failed', error: { code: 'STORAGE_FULL' } });
    await until('the failed task\'s files are deleted', () => !existsSync(join(server.tempDir, 'results', done.taskId)), 10_000);
    expect((await runTask(client, 'test-echo', { text: 'fits' })).status).toBe('completed');
    client.close();
  });

  it('drops a socket message above maxHttpBufferSize (documented: the transport closes) and keeps serving', async () => {
    const client = await connected(connect(server.url));
    const closed = new Promise<string>((resolve) => client.once('disconnect', (reason) => resolve(reason)));
    raw(client).emit('task:submit', { task: 'test-echo', input: { text: 'y'.repeat(100_000) } });
    expect(await closed).toMatch(/transport close|transport error/);
    const again = await connected(connect(server.url));
    expect((await runTask(again, 'test-echo', { text: 'small' })).status).toBe('completed');
    again.close();
  });
});

describe('graceful shutdown (SIGTERM)', () => {
  it('refuses new tasks, cancels queued ones, gives running ones a grace period, sends final snapshots, exits 0', async () => {
    const server = await startTestServer({ JPSP_MAX_THREADS: '1', JPSP_SHUTDOWN_GRACE_MS: '600' });
    const client = await connected(connect(server.url));
    const quick = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 300, steps: 3 } }));
    const slow = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 30_000, steps: 3 } }));
    const finals = new Map<string, TaskSnapshot>();
    client.on('task:update', (s) => isDone(s) && finals.set(s.taskId, s));
    await waitForUpdate(client, quick.taskId, (s) => s.status === 'running');

    server.proc.kill('SIGTERM');
    await until('the server reports draining', async () => (await fetch(`${server.url}/health`)).status === 503, 10_000);
    expect(await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'late' } })).toMatchObject({ ok: false, error: { code: 'SHUTTING_DOWN' } });

    const code = await server.stop();
    expect(code).toBe(0);
    expect(finals.get(slow.taskId)).toMatchObject({ status: 'cancelled', error: { code: 'SHUTTING_DOWN' } });
    // The running task finished within its grace period.
    expect(finals.get(quick.taskId)?.status).toBe('completed');
    client.close();
  });

  it('cancels running tasks after the grace period', async () => {
    const server = await startTestServer({ JPSP_SHUTDOWN_GRACE_MS: '300' });
    const client = await connected(connect(server.url));
    const slow = okData(await emitAck(client, 'task:submit', { task: 'test-slow', input: { ms: 30_000, steps: 3 } }));
    if (slow.status !== 'running') {
      await waitForUpdate(client, slow.taskId, (s) => s.status === 'running');
    }
    const final = waitForUpdate(client, slow.taskId, isDone);
    const started = Date.now();
    server.proc.kill('SIGTERM');
    expect(await final).toMatchObject({ status: 'cancelled', error: { code: 'SHUTTING_DOWN' } });
    expect(await server.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    client.close();
  });
});

describe('configuration', () => {
  it('JPSP_SOCKET_TUNING=off serves the same protocol without the socket tuning', async () => {
    const server = await startTestServer({ JPSP_SOCKET_TUNING: 'off' });
    const c = await connected(connect(server.url));
    expect((await runTask(c, 'test-echo', { text: 'untuned' })).status).toBe('completed');
    c.close();
    expect(await server.stop()).toBe(0);
  });

  it('refuses to start without keys, listing every bad variable', async () => {
    const err = await startTestServer({ JPSP_API_KEYS: '', PORT: 'abc', JPSP_MAX_THREADS: '0', JPSP_ALLOWED_ORIGINS: 'not a url' }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/exited with 1/);
    for (const name of ['PORT', 'JPSP_MAX_THREADS', 'JPSP_ALLOWED_ORIGINS', 'JPSP_API_KEYS']) {
      expect(err?.message).toContain(name);
    }
  });

  it('demo mode generates a key, prints it, and serves the demo config', async () => {
    const server = await startTestServer({ JPSP_API_KEYS: '' }, ['--demo']);
    const key = /demo key:\s+(\S+)/.exec(server.logs.join('\n'))?.[1];
    expect(key).toMatch(/^demo-/);
    const config = (await (await fetch(`${server.url}/demo/config.json`)).json()) as Record<string, unknown>;
    expect(config).toEqual({ serverUrl: server.url, tokenUrl: '/demo/token.json', eventUrl: '/demo/event.json', eventId: '44' });
    const c = await connected(connect(server.url, key));
    expect((await runTask(c, 'test-echo', { text: 'demo' })).status).toBe('completed');
    c.close();
    // The page gets short-lived tokens for the booklet of event 44, never the key.
    const minted = (await (await fetch(`${server.url}/demo/token.json`)).json()) as { token: string; expiresAt: string };
    expect(JSON.stringify(minted)).not.toContain(key as string);
    expect(Date.parse(minted.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const t = await connected(connect(server.url, null, { auth: { token: minted.token } }));
    expect(await emitAck(t, 'task:submit', { task: 'test-echo', input: { text: 'demo' } })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    t.close();
    await server.stop();
  });
});
