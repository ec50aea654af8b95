import { spawn } from 'node:child_process';
import type { TaskSnapshot } from '@jpsp/contracts';
import { freePort, type RedisService, type StoreService } from '@jpsp/cluster-kit';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emitAck, isDone, KEY_A, okData, runTask, until, waitForUpdate, type Client } from '../harness.js';
import { runnerOf, startNode, startServices, stopAll, type ClusterNode } from './cluster-harness.js';

// Cluster mode, the operations side: expiry, bounds and positions, timeouts and warnings, a
// node's SIGTERM, lists and retries across nodes, metrics, and `npm run start:cluster`.
let redis: RedisService;
let store: StoreService;
let env: Record<string, string>;
let a: ClusterNode;
let b: ClusterNode;

beforeAll(async () => {
  ({ redis, store, env } = await startServices());
  const common = { JPSP_MAX_THREADS: '1', JPSP_MAX_QUEUE_PER_KEY: '4', JPSP_RESULT_TTL_MS: '6000', JPSP_SWEEP_INTERVAL_MS: '300' };
  a = await startNode(env, 'node-a', { ...common, JPSP_NODE_CAPABILITIES: 'none' });
  b = await startNode(env, 'node-b', { ...common, JPSP_NODE_CAPABILITIES: 'node-b' });
}, 120_000);

afterAll(async () => {
  await stopAll([a, b], { redis, store });
});

const submit = async (client: Client, task: string, input: unknown, options: Record<string, unknown> = {}) => okData(await emitAck<TaskSnapshot>(client, 'task:submit', { task, input, options }));

describe('cluster mode operations', () => {
  it('deletes a result from the store after its TTL, once; every node then answers 410, and the task EXPIRED', async () => {
    const done = await runTask(a.client, 'test-echo', { text: 'short-lived' });
    const path = new URL(done.result!.files[0].url).pathname;
    expect((await fetch(`${b.server.url}${path}`)).status).toBe(200);
    const s3 = new S3Client({ region: 'us-east-1', endpoint: store.endpoint, forcePathStyle: true, credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey } });
    const key = `jpsp/${path.split('/').slice(2).join('/')}`;
    await s3.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key })); // there
    await until('the object is deleted from the store', async () => {
      try {
        await s3.send(new HeadObjectCommand({ Bucket: store.bucket, Key: key }));
        return false;
      } catch (err) {
        return (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;
      }
    }, 15_000);
    s3.destroy();
    for (const n of [a, b]) {
      const res = await fetch(`${n.server.url}${path}`);
      expect(res.status).toBe(410);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('EXPIRED');
    }
    expect(((await (await fetch(`${b.server.url}/api/tasks/${done.taskId}`, { headers: { 'x-api-key': KEY_A } })).json()) as { error: { code: string } }).error.code).toBe('EXPIRED');
    // Swept once, by one node (the only result so far): the nodes do not race.
    const sweeps = [a, b].flatMap((n) => n.server.logs.filter((l) => l.includes('"msg":"results swept"')).map((l) => (JSON.parse(l) as { results: number }).results));
    expect(sweeps).toEqual([1]);
  }, 40_000);

  it('bounds a key cluster-wide, gives queue positions across nodes, and serves them in order', async () => {
    // Only b runs test-*-b tasks, one at a time (JPSP_MAX_THREADS=1): the others wait.
    const longB = await submit(b.client, 'test-slow-b', { ms: 60_000, steps: 600 });
    await until('it runs', () => runnerOf([a, b], longB.taskId) !== undefined, 20_000);
    const q1 = await submit(a.client, 'test-echo-b', { text: 'q1' });
    const q2 = await submit(b.client, 'test-echo-b', { text: 'q2' });
    const q3 = await submit(a.client, 'test-echo-b', { text: 'q3' });
    expect([q1, q2, q3].map((q) => [q.status, q.queuePosition])).toEqual([['queued', 1], ['queued', 2], ['queued', 3]]);
    // Four live tasks for this key across two nodes: a fifth is refused wherever it comes.
    for (const n of [a, b]) {
      const ack = await emitAck(n.client, 'task:submit', { task: 'test-noop', input: {} });
      expect(ack).toMatchObject({ ok: false, error: { code: 'QUEUE_FULL', details: { scope: 'key', limit: 4 } } });
    }
    const ends = [waitForUpdate(a.client, q1.taskId, isDone, 30_000), waitForUpdate(b.client, q2.taskId, isDone, 30_000), waitForUpdate(a.client, q3.taskId, isDone, 30_000)];
    okData(await emitAck(a.client, 'task:cancel', { taskId: longB.taskId }));
    const done = await Promise.all(ends);
    expect(done.map((d) => d.status)).toEqual(['completed', 'completed', 'completed']);
    // Served in order: q1 started before q2, q2 before q3.
    const started = done.map((d) => Date.parse(d.startedAt as string));
    expect(started[0]).toBeLessThanOrEqual(started[1]);
    expect(started[1]).toBeLessThanOrEqual(started[2]);
  }, 90_000);

  it('applies timeouts, keeps warnings and sends progress to a client on the other node', async () => {
    const timedOut = await runTask(a.client, 'test-slow-b', { ms: 30_000, steps: 300 }, { timeoutMs: 800 }, 20_000);
    expect(timedOut).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    const warned = await runTask(a.client, 'test-echo-b', { text: 'x', warn: 'check this' });
    expect(warned.result?.warnings).toEqual(['check this']);
    const slow = await submit(a.client, 'test-slow-b', { ms: 1_500, steps: 10 });
    const seen: TaskSnapshot[] = [];
    b.client.on('task:update', (s: TaskSnapshot) => s.taskId === slow.taskId && seen.push(s));
    okData(await emitAck(b.client, 'task:subscribe', { taskId: slow.taskId }));
    await until('it ends', () => seen.some(isDone), 20_000);
    expect(seen.filter((s) => s.status === 'running' && s.progress?.message?.startsWith('step')).length).toBeGreaterThan(1);
  }, 60_000);

  it('sends every update to a follower on another node when the task runs where it was submitted (no local-only shortcut then)', async () => {
    // Submitted on b, runnable only on b: b's own sockets were its only followers until a's subscribe.
    const slow = await submit(b.client, 'test-slow-b', { ms: 1_500, steps: 10 });
    const seen: TaskSnapshot[] = [];
    a.client.on('task:update', (s: TaskSnapshot) => s.taskId === slow.taskId && seen.push(s));
    okData(await emitAck(a.client, 'task:subscribe', { taskId: slow.taskId }));
    await until('the follower on a sees the end', () => seen.some(isDone), 20_000);
    expect(runnerOf([a, b], slow.taskId)?.id).toBe('node-b');
    expect(seen.filter((s) => s.status === 'running' && s.progress?.message?.startsWith('step')).length).toBeGreaterThan(1);
    expect(seen.at(-1)?.status).toBe('completed');
    // A quick task (its start never recorded: it ends first) is answered alike on both nodes.
    const quick = await runTask(b.client, 'test-echo-b', { text: 'quick' });
    expect(okData(await emitAck<TaskSnapshot>(a.client, 'task:subscribe', { taskId: quick.taskId }))).toEqual(quick);
    expect(quick.startedAt).toBeDefined();
  }, 60_000);

  it('lists a key’s runs and retries a cancelled one from any node', async () => {
    const cancelled = await submit(a.client, 'test-slow-b', { ms: 60_000, steps: 600 }, { submitter: 'Jane Doe' });
    okData(await emitAck(a.client, 'task:cancel', { taskId: cancelled.taskId }));
    await until('cancelled', async () => okData(await emitAck<TaskSnapshot>(b.client, 'task:subscribe', { taskId: cancelled.taskId })).status === 'cancelled', 20_000);
    const list = okData(await emitAck<{ items: TaskSnapshot[] }>(b.client, 'task:list', { limit: 5 }));
    expect(list.items[0]).toMatchObject({ taskId: cancelled.taskId, status: 'cancelled', submitter: 'Jane Doe' });
    const retried = okData(await emitAck<TaskSnapshot>(b.client, 'task:retry', { taskId: cancelled.taskId }));
    expect(retried).toMatchObject({ retryOf: cancelled.taskId, submitter: 'Jane Doe' });
    okData(await emitAck(b.client, 'task:cancel', { taskId: retried.taskId }));
  }, 60_000);

  it('reports the cluster in /metrics', async () => {
    const text = await (await fetch(`${a.server.url}/metrics`, { headers: { 'x-api-key': KEY_A } })).text();
    expect(text).toMatch(/jpsp_cluster_node_running\{node="node-a"\} \d+/);
    expect(text).toMatch(/jpsp_cluster_node_running\{node="node-b"\} \d+/);
    expect(text).toMatch(/jpsp_queue_depth \d+/);
  });

  it('SIGTERM drains one node: its running task finishes, the queued work stays in the cluster for the others', async () => {
    const c = await startNode(env, 'node-c', { JPSP_MAX_THREADS: '1', JPSP_NODE_CAPABILITIES: 'node-b' });
    try {
      const longB = await submit(b.client, 'test-slow-b', { ms: 60_000, steps: 600 });
      await until('b or c runs it', () => runnerOf([b, c], longB.taskId) !== undefined, 20_000);
      const busy = runnerOf([b, c], longB.taskId) as ClusterNode;
      const other = busy === b ? c : b;
      const finishing = await submit(a.client, 'test-slow-b', { ms: 1_500, steps: 15 });
      await until('the other runs the short one', () => runnerOf([other], finishing.taskId) !== undefined, 20_000);
      const waiting = await submit(a.client, 'test-echo-b', { text: 'waits in the cluster' });
      expect(waiting.status).toBe('queued');
      const finished = waitForUpdate(a.client, finishing.taskId, isDone, 30_000);
      other.server.proc.kill('SIGTERM');
      expect(await finished).toMatchObject({ status: 'completed' }); // drained, not cancelled
      expect(await other.server.stop()).toBe(0);
      expect(okData(await emitAck<TaskSnapshot>(a.client, 'task:subscribe', { taskId: waiting.taskId })).status).toBe('queued');
      const waited = waitForUpdate(a.client, waiting.taskId, isDone, 30_000);
      okData(await emitAck(a.client, 'task:cancel', { taskId: longB.taskId }));
      expect(await waited).toMatchObject({ status: 'completed' });
      if (other === b) {
        b = await startNode(env, 'node-b', { JPSP_MAX_THREADS: '1', JPSP_NODE_CAPABILITIES: 'node-b' });
      }
    } finally {
      c.client.close();
      await c.server.stop();
    }
  }, 120_000);

  it('npm run start:cluster: Redis, the store and two nodes in demo mode, stopped by Ctrl-C', async () => {
    const port = await freePort();
    const proc = spawn(process.execPath, [new URL('../../scripts/start-cluster.mjs', import.meta.url).pathname], {
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', PORT: String(port), JPSP_WORKER_IDLE_MS: '1000' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let out = '';
    proc.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    proc.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
    try {
      await until('the cluster is up', () => out.includes('JPSP-NG cluster'), 90_000);
      expect(out).toMatch(/demo key +demo-/);
      for (const p of [port, port + 1]) {
        expect(await (await fetch(`http://127.0.0.1:${p}/health`)).json()).toMatchObject({ mode: 'cluster', redis: 'ready', store: 'ready' });
        expect((await fetch(`http://127.0.0.1:${p}/demo/`)).status).toBe(200);
      }
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      process.kill(-(proc.pid as number), 'SIGINT'); // Ctrl-C: the whole process group
      expect(await exited).toBe(0);
      await expect(fetch(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
    } finally {
      if (proc.exitCode === null) {
        process.kill(-(proc.pid as number), 'SIGKILL');
      }
    }
  }, 150_000);
});
