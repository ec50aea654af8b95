// Fault injection (fast part): every misbehaving task kind, several times each, shuffled with
// well-behaved tasks over several sockets. Each bad task must fail with its code within its
// timeout, each good one must complete with its files, and afterwards no worker, temp file or
// running task may be left over. The long version (100 runs of each kind) is test/stress/run.mjs.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '@jpsp/contracts';
import { connect, connected, emitAck, isDone, okData, runTask, sleep, startTestServer, until, type Client, type TestServer } from './harness.js';
import { filesBelow, mapLimit, metric, prng, shuffle } from './reliability.js';
import { settledThreads, threadsDownTo } from './threads.mjs';
import { BAD_KINDS, FAULT_SERVER_ENV, FAULT_TASK_TIMEOUT_MS, GOOD_KINDS } from './fault-kinds.mjs';

interface Kind {
  kind: string;
  task: string;
  input: unknown;
  options?: { timeoutMs?: number };
  code?: string;
  files?: string[];
}

const BAD = BAD_KINDS as Kind[];
const GOOD = GOOD_KINDS as Kind[];
const TOTAL = 100;
const SEED = 6;

describe('fault injection (100 tasks, bad kinds interleaved with good ones)', () => {
  let server: TestServer;
  let clients: Client[];
  let threadsBefore: number;
  const finals: Array<{ kind: Kind; snap: TaskSnapshot }> = [];

  beforeAll(async () => {
    server = await startTestServer(FAULT_SERVER_ENV);
    clients = await Promise.all([0, 1, 2, 3].map(() => connected(connect(server.url))));
    threadsBefore = await settledThreads(server.proc.pid!);
  });
  afterAll(async () => {
    for (const c of clients ?? []) {
      c.close();
    }
    await server?.stop();
  });

  it('every bad task fails with its code within its timeout; every good task completes', async () => {
    // Each bad kind at least 4 times, good tasks for the rest, in a seeded random order.
    const plan: Kind[] = [];
    for (const k of BAD) {
      plan.push(k, k, k, k);
    }
    for (let i = 0; plan.length < TOTAL; i++) {
      plan.push(GOOD[i % GOOD.length]);
    }
    shuffle(plan, prng(SEED));
    expect(plan.length).toBe(TOTAL);

    await mapLimit(plan, 6, async (kind, i) => {
      const snap = await runTask(clients[i % clients.length], kind.task, kind.input, kind.options, 120_000);
      finals.push({ kind, snap });
    });

    const wrong: string[] = [];
    for (const { kind, snap } of finals) {
      const ran = Date.parse(snap.finishedAt!) - Date.parse(snap.startedAt ?? snap.finishedAt!);
      const timeout = kind.options?.timeoutMs ?? FAULT_TASK_TIMEOUT_MS;
      if (kind.code) {
        if (snap.status !== 'failed' || snap.error?.code !== kind.code) {
          wrong.push(`${kind.kind}: ${snap.status} ${JSON.stringify(snap.error)}`);
        }
        // Generous slack for a loaded machine: the point is "stopped by its timeout, not later".
        if (ran > timeout + 5_000) {
          wrong.push(`${kind.kind}: ran ${ran} ms, timeout ${timeout} ms`);
        }
      } else if (snap.status !== 'completed' || JSON.stringify(snap.result?.files.map((f) => f.name)) !== JSON.stringify(kind.files)) {
        wrong.push(`${kind.kind}: ${snap.status} ${JSON.stringify(snap.error ?? snap.result?.files.map((f) => f.name))}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(finals.length).toBe(TOTAL);
  }, 300_000);

  it('the good results download intact', async () => {
    const completed = finals.filter((f) => f.snap.status === 'completed' && f.snap.result!.files.length > 0);
    expect(completed.length).toBeGreaterThan(0);
    await mapLimit(completed, 8, async ({ snap }) => {
      for (const file of snap.result!.files) {
        const body = Buffer.from(await (await fetch(file.url)).arrayBuffer());
        expect(createHash('sha256').update(body).digest('hex')).toBe(file.sha256);
      }
    });
  });

  it('leaves no task running, no worker behind, and only the completed results in the temp area', async () => {
    // Every task reads terminal when asked again.
    const again = await mapLimit(finals, 16, async ({ snap }) => okData(await emitAck(clients[0], 'task:subscribe', { taskId: snap.taskId })));
    expect(again.filter((s) => !isDone(s)).map((s) => s.taskId)).toEqual([]);
    expect(await metric(server, 'jpsp_tasks_running')).toBe(0);
    expect(await metric(server, 'jpsp_queue_depth')).toBe(0);
    expect(await (await fetch(`${server.url}/health`)).json()).toMatchObject({ status: 'ok', queued: 0, running: 0 });

    // No worker is left behind (crashed and timed-out ones were replaced, not added): once idle
    // for JPSP_WORKER_IDLE_MS, every worker stops and the thread count is the idle server's again.
    expect(await threadsDownTo(server.proc.pid!, threadsBefore)).toBeLessThanOrEqual(threadsBefore);

    // The temp area holds exactly the files of completed tasks; failed ones left nothing.
    const expected = finals
      .filter((f) => f.snap.status === 'completed')
      .flatMap(({ snap }) => (snap.result!.files.length > 0 ? [`${snap.taskId}/`, ...snap.result!.files.map((f) => `${snap.taskId}/${f.name}`)] : []))
      .sort();
    // Discards of the last failures are asynchronous: wait until they are gone (or fail on the diff).
    const area = () => filesBelow(join(server.tempDir, 'results')).sort();
    await until('only the completed results are left', () => JSON.stringify(area()) === JSON.stringify(expected), 10_000).catch(() => undefined);
    expect(area()).toEqual(expected);
  }, 60_000);
});

describe('an error a finished task leaves behind', () => {
  let server: TestServer;
  let client: Client;

  beforeAll(async () => {
    // One thread: the next task surely runs on the worker the timers were left on.
    server = await startTestServer({ JPSP_MAX_THREADS: '1' });
    client = await connected(connect(server.url));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('does not fail the next task on that worker, and is logged with the id of the task it came from', async () => {
    const late = await runTask(client, 'test-bad', { mode: 'late-throw' });
    expect(late.status).toBe('completed');
    // The timers (300 ms) throw and reject while this one runs.
    const next = await runTask(client, 'test-slow', { ms: 1_000, steps: 5 });
    expect(next.status).toBe('completed');
    const end = Date.now() + 10_000;
    while (!server.logs.join('\n').includes('error left behind by a finished task') && Date.now() < end) {
      await sleep(50);
    }
    const stray = server.logs.filter((l) => l.includes('error left behind by a finished task'));
    expect(stray.map((l) => (JSON.parse(l) as { taskId: string }).taskId)).toEqual([late.taskId, late.taskId]);
    expect(stray.join('\n')).toMatch(/thrown after the task returned/);
  });
});
