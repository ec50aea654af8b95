import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskCatalogEntry, TaskSnapshot } from '@jpsp/contracts';
import { KEY_A, KEY_B, sleep, startTestServer, type TestServer } from './harness.js';

describe('REST transport (real server, real HTTP)', () => {
  let server: TestServer;
  const auth = (key = KEY_A) => ({ authorization: `Bearer ${key}`, 'content-type': 'application/json' });
  const api = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { ...auth(), ...(init.headers ?? {}) } });
  const submit = (body: unknown, key = KEY_A) => fetch(`${server.url}/api/tasks`, { method: 'POST', headers: auth(key), body: JSON.stringify(body) });
  async function poll(id: string, until: (s: TaskSnapshot) => boolean, timeoutMs = 20_000): Promise<TaskSnapshot> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const snap = (await (await api(`/api/tasks/${id}`)).json()) as TaskSnapshot;
      if (until(snap) || Date.now() > end) {
        return snap;
      }
      await sleep(50);
    }
  }
  const done = (s: TaskSnapshot) => ['completed', 'failed', 'cancelled'].includes(s.status);

  beforeAll(async () => {
    server = await startTestServer({ JPSP_MAX_THREADS: '1', JPSP_MAX_QUEUE: '1', JPSP_MAX_PAYLOAD_BYTES: '65536', JPSP_ALLOWED_ORIGINS: 'https://indico.example.org', JPSP_WORKER_MAX_MEMORY_MB: '128' });
  });
  afterAll(() => server?.stop());

  it('refuses a missing or wrong key with 401 UNAUTHORIZED', async () => {
    for (const headers of [{}, { authorization: 'Bearer nope-nope-nope-nope' }, { 'x-api-key': 'nope' }] as Record<string, string>[]) {
      const res = await fetch(`${server.url}/api/tasks`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    }
    expect((await fetch(`${server.url}/api/tasks`, { headers: { 'x-api-key': KEY_A } })).status).toBe(200);
  });

  it('serves the catalog', async () => {
    const catalog = (await (await api('/api/tasks')).json()) as TaskCatalogEntry[];
    expect(catalog.map((t) => t.name)).toContain('test-echo');
  });

  it('submit (202) → poll → completed → download matches sha256', async () => {
    const res = await submit({ task: 'test-echo', input: { text: 'über REST' } });
    expect(res.status).toBe(202);
    const snap = (await res.json()) as TaskSnapshot;
    expect(['queued', 'running']).toContain(snap.status);
    const final = await poll(snap.taskId, done);
    expect(final.status).toBe('completed');
    const file = final.result!.files[0];
    const body = Buffer.from(await (await fetch(file.url)).arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(file.sha256);
    expect(body.toString()).toBe('über REST');
  });

  it('answers VALIDATION_FAILED (400) with field paths, UNKNOWN_TASK (404), malformed JSON (400), PAYLOAD_TOO_LARGE (413)', async () => {
    const bad = await submit({ task: 'test-slow', input: { ms: -1 } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'input.ms' }] } });
    const unknown = await submit({ task: 'nope', input: {} });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'UNKNOWN_TASK' } });
    const malformed = await fetch(`${server.url}/api/tasks`, { method: 'POST', headers: auth(), body: '{"task": ' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const huge = await submit({ task: 'test-echo', input: { text: 'z'.repeat(100_000) } });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('cancels a running and a queued task (DELETE), answers QUEUE_FULL (429), and keeps working', async () => {
    const running = (await (await submit({ task: 'test-slow', input: { ms: 20_000 } })).json()) as TaskSnapshot;
    const queued = (await (await submit({ task: 'test-slow', input: { ms: 10 } })).json()) as TaskSnapshot;
    expect(queued).toMatchObject({ status: 'queued', queuePosition: 1 });
    const full = await submit({ task: 'test-slow', input: { ms: 10 } });
    expect(full.status).toBe(429);
    expect(await full.json()).toMatchObject({ error: { code: 'QUEUE_FULL' } });

    const cq = await api(`/api/tasks/${queued.taskId}`, { method: 'DELETE' });
    expect(cq.status).toBe(200);
    expect(await cq.json()).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    await api(`/api/tasks/${running.taskId}`, { method: 'DELETE' });
    expect(await poll(running.taskId, done)).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
    const next = (await (await submit({ task: 'test-echo', input: { text: 'next' } })).json()) as TaskSnapshot;
    expect((await poll(next.taskId, done)).status).toBe('completed');
  });

  it('times out, and reports a crashing task as WORKER_CRASHED', async () => {
    const slow = (await (await submit({ task: 'test-slow', input: { ms: 20_000 }, options: { timeoutMs: 300 } })).json()) as TaskSnapshot;
    expect(await poll(slow.taskId, done)).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    const oom = (await (await submit({ task: 'test-bad', input: { mode: 'oom' } })).json()) as TaskSnapshot;
    expect(await poll(oom.taskId, done)).toMatchObject({ status: 'failed', error: { code: 'WORKER_CRASHED' } });
  });

  it('honours idempotency keys and isolates tenants', async () => {
    const body = { task: 'test-slow', input: { ms: 200 }, options: { idempotencyKey: 'rest-1' } };
    const a = (await (await submit(body)).json()) as TaskSnapshot;
    const b = (await (await submit(body)).json()) as TaskSnapshot;
    expect(b.taskId).toBe(a.taskId);
    const other = await fetch(`${server.url}/api/tasks/${a.taskId}`, { headers: auth(KEY_B) });
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await fetch(`${server.url}/api/tasks/${a.taskId}`, { method: 'DELETE', headers: auth(KEY_B) })).status).toBe(404);
    expect((await api('/api/tasks/not-a-uuid')).status).toBe(400);
    await poll(a.taskId, done);
  });

  it('serves OpenAPI at /api/docs that documents every route', async () => {
    const doc = (await (await fetch(`${server.url}/api/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/tasks', '/api/tasks/{id}', '/files/{token}/{name}', '/health', '/metrics']));
    expect(Object.keys(doc.paths['/api/tasks'])).toEqual(expect.arrayContaining(['get', 'post']));
    expect(Object.keys(doc.paths['/api/tasks/{id}'])).toEqual(expect.arrayContaining(['get', 'delete']));
    expect((await fetch(`${server.url}/api/docs`)).status).toBe(200);
  });

  it('health is public, metrics need a key and speak Prometheus', async () => {
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    const text = await (await api('/metrics')).text();
    for (const name of ['jpsp_tasks_total', 'jpsp_queue_depth', 'jpsp_task_run_seconds_bucket', 'jpsp_open_sockets', 'jpsp_temp_bytes']) {
      expect(text).toContain(name);
    }
    expect(text).toMatch(/jpsp_tasks_total\{task="test-echo",status="completed"\} [1-9]/);
  });

  it('sends CORS headers only to allowed origins, and security headers everywhere', async () => {
    const ok = await fetch(`${server.url}/api/tasks`, { method: 'OPTIONS', headers: { origin: 'https://indico.example.org', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://indico.example.org');
    const evil = await fetch(`${server.url}/api/tasks`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const res = await fetch(`${server.url}/health`);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('download tokens: guesses, truncation and traversal are 404 without leaking anything', async () => {
    const snap = (await (await submit({ task: 'test-echo', input: { text: 'secret' } })).json()) as TaskSnapshot;
    const final = await poll(snap.taskId, done);
    const url = new URL(final.result!.files[0].url);
    const token = url.pathname.split('/')[2];
    const paths = [
      `/files/${token.slice(0, 20)}/echo.txt`,
      `/files/${'a'.repeat(43)}/echo.txt`,
      `/files/${token}/..%2F..%2Fetc%2Fpasswd`,
      `/files/${token}/%2e%2e%2f.jpsp-temp-root`,
      `/files/..%2F${final.taskId}/echo.txt`,
    ];
    for (const p of paths) {
      const res = await fetch(`${server.url}${p}`);
      expect(res.status, p).toBe(404);
      const text = await res.text();
      expect(text, p).not.toContain('secret');
      expect(text, p).not.toContain('/tmp');
    }
  });
});
