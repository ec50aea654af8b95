import type { TaskSnapshot } from '@jpsp/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAck, isDone, KEY_A, okData, runTask, until, waitForUpdate, type Client } from '../harness.js';
import { finishedOn, runnerOf, startNode, startServices, stopAll, type ClusterNode } from './cluster-harness.js';
import type { RedisService, StoreService } from '@jpsp/cluster-kit';

// Cluster mode across real processes: two nodes (a: no capability, b: `node-b`) on one real
// Redis and one real S3 server. Each bullet of "what must hold across nodes" is a test here.
let redis: RedisService;
let store: StoreService;
let env: Record<string, string>;
let a: ClusterNode;
let b: ClusterNode;

beforeAll(async () => {
  ({ redis, store, env } = await startServices());
  a = await startNode(env, 'node-a', { JPSP_NODE_CAPABILITIES: 'none' });
  b = await startNode(env, 'node-b', { JPSP_NODE_CAPABILITIES: 'node-b' });
}, 120_000);

afterAll(async () => {
  await stopAll([a, b], { redis, store });
});

const submit = async (client: Client, task: string, input: unknown, options: Record<string, unknown> = {}) => okData(await emitAck<TaskSnapshot>(client, 'task:submit', { task, input, options }));
const rest = (node: ClusterNode, path: string, init: RequestInit = {}) => fetch(`${node.server.url}${path}`, { ...init, headers: { 'x-api-key': KEY_A, 'content-type': 'application/json', ...(init.headers ?? {}) } });

describe('cluster mode', () => {
  it('reports its mode, node and parts in /health', async () => {
    for (const n of [a, b]) {
      const body = (await (await fetch(`${n.server.url}/health`)).json()) as Record<string, unknown>;
      expect(body).toMatchObject({ status: 'ok', mode: 'cluster', nodeId: n.id, redis: 'ready', store: 'ready' });
    }
  });

  it('runs a task submitted on node a on node b; every update reaches the client on a; any node answers its snapshot; any node serves its file', async () => {
    const updates: TaskSnapshot[] = [];
    const onUpdate = (s: TaskSnapshot) => updates.push(s);
    a.client.on('task:update', onUpdate);
    const done = await runTask(a.client, 'test-echo-b', { text: 'ciao from b' }, undefined, 30_000);
    a.client.off('task:update', onUpdate);
    expect(done.status).toBe('completed');
    expect(runnerOf([a, b], done.taskId)?.id).toBe('node-b');
    expect(updates.filter((u) => u.taskId === done.taskId).map((u) => u.status)).toContain('completed');

    const fromB = okData(await emitAck<TaskSnapshot>(b.client, 'task:subscribe', { taskId: done.taskId }));
    expect(fromB).toEqual(done);
    expect(await (await rest(a, `/api/tasks/${done.taskId}`)).json()).toEqual(done);

    // The file, through either node (the URL names the node the client used).
    const file = done.result!.files[0];
    for (const n of [a, b]) {
      const url = `${n.server.url}${new URL(file.url).pathname}`;
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe(`"${file.sha256}"`);
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="echo.txt"/);
      expect(await res.text()).toBe('ciao from b');
      const part = await fetch(url, { headers: { range: 'bytes=5-8' } });
      expect(part.status).toBe(206);
      expect(part.headers.get('content-range')).toBe(`bytes 5-8/${file.size}`);
      expect(await part.text()).toBe('from');
    }
  }, 60_000);

  it('refuses at submit, with a clear error, a task no live node can run', async () => {
    // No node has soffice (a: none, b: node-b): a booklet in PDF is refused at once, not queued.
    const ack = await emitAck(a.client, 'task:submit', { task: 'abstract-booklet', input: { event: { results: [] }, options: { formats: ['pdf'] } } });
    expect(ack).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const reasons = ack.ok ? [] : (ack.error.details as { path: string; reason: string }[]);
    expect(reasons).toContainEqual({ path: 'input.options.formats', reason: 'pdf needs LibreOffice (soffice), which no live node of the cluster has; ask for odt and/or docx' });
  });

  it('cancels from node a a task running on node b, within the stop grace', async () => {
    const running = await submit(a.client, 'test-slow-b', { ms: 60_000, steps: 600 });
    await until('it runs on b', () => runnerOf([a, b], running.taskId)?.id === 'node-b', 20_000);
    const final = waitForUpdate(a.client, running.taskId, isDone, 10_000);
    okData(await emitAck(a.client, 'task:cancel', { taskId: running.taskId }));
    expect(await final).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
  }, 40_000);

  it('holds a lock across nodes: the second task of the lock waits, queued, until the first ends', async () => {
    const first = await submit(b.client, 'test-slow-b', { ms: 60_000, steps: 600 }, { lockKey: 'event:7' });
    await until('the first runs', () => runnerOf([a, b], first.taskId) !== undefined, 20_000);
    const second = await submit(a.client, 'test-echo', { text: 'second' }, { lockKey: 'event:7' });
    // Both nodes have free workers, and the second still does not start.
    expect((await runTask(a.client, 'test-noop', {})).status).toBe('completed');
    expect(okData(await emitAck<TaskSnapshot>(a.client, 'task:subscribe', { taskId: second.taskId })).status).toBe('queued');
    const secondDone = waitForUpdate(a.client, second.taskId, isDone, 20_000);
    okData(await emitAck(b.client, 'task:cancel', { taskId: first.taskId }));
    expect(await secondDone).toMatchObject({ status: 'completed' });
  }, 60_000);

  it('keeps idempotency and tenancy across nodes', async () => {
    const one = await submit(a.client, 'test-echo', { text: 'idem' }, { idempotencyKey: 'cluster-idem-1' });
    const two = await submit(b.client, 'test-echo', { text: 'idem' }, { idempotencyKey: 'cluster-idem-1' });
    expect(two.taskId).toBe(one.taskId);
    const other = await fetch(`${b.server.url}/api/tasks/${one.taskId}`, { headers: { 'x-api-key': 'test-key-b-0123456789abcdef' } });
    expect(other.status).toBe(404);
  });

  it('survives a Redis restart mid-run: the task completes, new tasks run', async () => {
    const slow = await submit(a.client, 'test-slow', { ms: 3_000, steps: 30 });
    await until('it runs', () => runnerOf([a, b], slow.taskId) !== undefined, 20_000);
    await redis.restart();
    const final = await until('it ends', async () => {
      const ack = await emitAck<TaskSnapshot>(a.client, 'task:subscribe', { taskId: slow.taskId }).catch(() => undefined);
      return ack?.ok === true && isDone(ack.data);
    }, 60_000).then(async () => okData(await emitAck<TaskSnapshot>(a.client, 'task:subscribe', { taskId: slow.taskId })));
    expect(final.status).toBe('completed');
    expect((await runTask(b.client, 'test-echo', { text: 'after the restart' }, undefined, 30_000)).status).toBe('completed');
  }, 120_000);

  it('a node killed mid-run: a repeatable task runs again on a live node, another ends WORKER_CRASHED; the client sees the end', async () => {
    const c = await startNode(env, 'node-c', { JPSP_NODE_CAPABILITIES: 'node-b' });
    try {
      // A task that cannot safely run twice (b and c can run it): its node is killed.
      const once = await submit(a.client, 'test-slow-b', { ms: 4_000, steps: 40 });
      await until('it runs', () => runnerOf([b, c], once.taskId) !== undefined, 20_000);
      const victim = runnerOf([b, c], once.taskId) as ClusterNode;
      victim.server.proc.kill('SIGKILL');
      const end = await waitForUpdate(a.client, once.taskId, isDone, 45_000);
      expect(end).toMatchObject({ status: 'failed', error: { code: 'WORKER_CRASHED' } });
      if (victim === b) {
        b = await startNode(env, 'node-b', { JPSP_NODE_CAPABILITIES: 'node-b' });
      }
      const again = await submit(a.client, 'test-slow-repeatable', { ms: 3_000, steps: 30 });
      await until('it runs', () => runnerOf([a, b, c], again.taskId) !== undefined, 20_000);
      const runner = runnerOf([a, b, c], again.taskId) as ClusterNode;
      const watcher = runner === a ? b : a;
      okData(await emitAck(watcher.client, 'task:subscribe', { taskId: again.taskId }));
      runner.server.proc.kill('SIGKILL');
      const done = await waitForUpdate(watcher.client, again.taskId, isDone, 45_000).catch(async () => okData(await emitAck<TaskSnapshot>(watcher.client, 'task:subscribe', { taskId: again.taskId })));
      expect(done.status).toBe('completed');
      // The survivor's log line may come through its stdout pipe after the update came through its socket.
      await until('a surviving node logged the end', () => [a, b, c].filter((n) => n !== runner).some((n) => finishedOn(n, again.taskId)), 10_000);
    } finally {
      c.client.close();
      await c.server.stop();
    }
  }, 120_000);
});
