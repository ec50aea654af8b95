// The temporary result area: expiry + sweep leave nothing behind, a restart removes stale files
// (also after a crash), foreign directories are never wiped, and the quota refuses new work with
// STORAGE_FULL without the directory ever growing past it.
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '@jpsp/contracts';
import { KEY_A, KEY_B, connect, connected, emitAck, okData, runTask, sleep, startTestServer, until, type Client, type TestServer } from './harness.js';
import { filesBelow, mapLimit, metric, rawRequest } from './reliability.js';

const MiB = 1024 * 1024;

function bytesBelow(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    if (name === '.jpsp-temp-root' || name === '.jpsp-lock') {
      continue; // the area's own marker and lock
    }
    try {
      const st = statSync(join(dir, name));
      total += st.isDirectory() ? bytesBelow(join(dir, name)) : st.size;
    } catch {
      // deleted while walking
    }
  }
  return total;
}


describe('temp area: expiry and sweep', () => {
  let server: TestServer;
  let a: Client;
  let b: Client;
  beforeAll(async () => {
    server = await startTestServer({ JPSP_RESULT_TTL_MS: '1500', JPSP_SWEEP_INTERVAL_MS: '100' });
    a = await connected(connect(server.url, KEY_A));
    b = await connected(connect(server.url, KEY_B));
  });
  afterAll(async () => {
    a?.close();
    b?.close();
    await server?.stop();
  });

  it('after the TTL every file is deleted, downloads are 410, the task reads EXPIRED to its owner and NOT_FOUND to others', async () => {
    const root = join(server.tempDir, 'results');
    const kinds: Array<[string, unknown]> = [
      ['test-echo', { text: 'expiring' }],
      ['test-bigfile', { bytes: 300_000 }],
      ['test-booklet', { event: { title: 'E', sessions: [{ title: 'S', description: 'abstract' }] } }],
    ];
    const done: TaskSnapshot[] = await mapLimit([...kinds, ...kinds, ...kinds], 3, ([task, input]) => runTask(a, task, input));
    expect(done.map((s) => s.status)).toEqual(done.map(() => 'completed'));
    expect(filesBelow(root).length).toBeGreaterThan(0);

    await until('the sweeper empties the temp area', () => filesBelow(root).length === 0);
    expect(readdirSync(root).sort()).toEqual(['.jpsp-lock', '.jpsp-temp-root']);
    expect(await metric(server, 'jpsp_temp_bytes')).toBe(0);
    for (const s of done) {
      for (const f of s.result!.files) {
        expect((await rawRequest(server.url, 'GET', new URL(f.url).pathname)).status).toBe(410);
      }
    }
    // The task records are forgotten on the same schedule.
    await until('tasks read EXPIRED', async () => {
      const ack = await emitAck(a, 'task:subscribe', { taskId: done[0].taskId });
      return !ack.ok && ack.error.code === 'EXPIRED';
    });
    expect(await emitAck(b, 'task:subscribe', { taskId: done[0].taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  }, 90_000);
});

describe('temp area: restart', () => {
  it('a restart (after SIGTERM or a crash) removes stale results; foreign directories are refused, never wiped', async () => {
    const base = mkdtempSync(join(tmpdir(), 'jpsp-temp-restart-'));
    const dir = join(base, 'results');
    const env = { JPSP_TEMP_DIR: dir };

    const first = await startTestServer(env);
    const c = await connected(connect(first.url));
    const done = await runTask(c, 'test-bigfile', { bytes: 100_000 });
    expect(filesBelow(dir)).toEqual([`${done.taskId}/`, `${done.taskId}/big.bin`]);
    // Crash in the middle of writing: SIGKILL while a large result is being written.
    void emitAck(c, 'task:submit', { task: 'test-slow', input: { ms: 60_000, steps: 2 } });
    await sleep(300);
    c.close();
    await first.stop('SIGKILL');
    // Leftovers of a previous life, including a hidden file and a nested directory.
    mkdirSync(join(dir, 'stale-task', 'nested'), { recursive: true });
    writeFileSync(join(dir, 'stale-task', 'nested', 'old.bin'), Buffer.alloc(1000));
    writeFileSync(join(dir, '.hidden-leftover'), 'x');

    const second = await startTestServer(env);
    expect(readdirSync(dir).sort()).toEqual(['.jpsp-lock', '.jpsp-temp-root']); // the dead server's lock taken over at once
    expect(second.logs.some((l) => l.includes('"msg":"removed stale temporary files"'))).toBe(true);
    const c2 = await connected(connect(second.url));
    expect(await emitAck(c2, 'task:subscribe', { taskId: done.taskId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect((await runTask(c2, 'test-echo', { text: 'after restart' })).status).toBe('completed');
    c2.close();
    await second.stop();

    // A directory that JPSP-NG did not create (no marker) is never wiped: the server refuses to start.
    const foreign = join(base, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'precious.txt'), 'do not delete');
    const err = await startTestServer({ JPSP_TEMP_DIR: foreign }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err?.message).toMatch(/not empty and was not created by JPSP-NG/);
    expect(readdirSync(foreign)).toEqual(['precious.txt']);
  }, 90_000);
});

describe('temp area: one live server per area', () => {
  it('a second server with the defaults is refused while the first lives, and its results stay downloadable', async () => {
    // Both servers use the real default area, $TMPDIR/jpsp-ng, under a TMPDIR of their own.
    const env = { TMPDIR: mkdtempSync(join(tmpdir(), 'jpsp-default-area-')), JPSP_TEMP_DIR: undefined };
    const first = await startTestServer(env);
    const c = await connected(connect(first.url));
    const done = await runTask(c, 'test-bigfile', { bytes: 50_000 });
    const file = done.result?.files[0];
    const download = async () => {
      const res = await fetch(file?.url ?? '');
      return { status: res.status, bytes: Buffer.from(await res.arrayBuffer()).length };
    };
    expect(await download()).toEqual({ status: 200, bytes: 50_000 });

    const refused = await startTestServer(env).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(refused?.message).toMatch(/exited with 1/);
    expect(refused?.message).toContain(`is in use by another JPSP-NG server (pid ${first.proc.pid}`);
    expect(refused?.message).toContain(join(env.TMPDIR, 'jpsp-ng'));
    expect(await download()).toEqual({ status: 200, bytes: 50_000 });
    expect(filesBelow(join(env.TMPDIR, 'jpsp-ng'))).toContain(`${done.taskId}/big.bin`);

    // Once the first server has stopped, the area is free again (and its leftovers are wiped).
    c.close();
    expect(await first.stop()).toBe(0);
    const next = await startTestServer(env);
    expect(filesBelow(join(env.TMPDIR, 'jpsp-ng'))).toEqual([]);
    expect((await fetch(`${next.url}/health`)).status).toBe(200);
    await next.stop();
  }, 60_000);
});

describe('temp area: quota', () => {
  let server: TestServer;
  let client: Client;
  const QUOTA = 4 * MiB;
  beforeAll(async () => {
    server = await startTestServer({
      JPSP_TEMP_QUOTA_BYTES: String(QUOTA),
      // Two running tasks may together reserve the whole area (as 2 GiB / 512 MiB does on a 4-core host).
      JPSP_MAX_RESULT_BYTES: String(QUOTA / 2),
      JPSP_MAX_THREADS: '2',
      JPSP_RESULT_TTL_MS: '4000',
      JPSP_SWEEP_INTERVAL_MS: '100',
    });
    client = await connected(connect(server.url));
  });
  afterAll(async () => {
    client?.close();
    await server?.stop();
  });

  it('runaway writers never push the directory past the quota, fail with STORAGE_FULL, and new work waits for their budgets instead of being refused', async () => {
    const root = join(server.tempDir, 'results');
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        peak = Math.max(peak, bytesBelow(root));
        await sleep(5);
      }
    })();
    // Six writers that fill their budget in 256 KiB files, submitted at once: two run (holding
    // the whole area as budgets), the others queue and run as budgets are released.
    const runs = await mapLimit([1, 2, 3, 4, 5, 6], 6, () => runTask(client, 'test-fault', { mode: 'fill' }, undefined, 60_000));
    sampling = false;
    await sampler;
    expect(runs.map((s) => s.error?.code)).toEqual(runs.map(() => 'STORAGE_FULL'));
    expect(peak).toBeGreaterThan(QUOTA / 4);
    expect(peak).toBeLessThanOrEqual(QUOTA);
    await until('failed writers leave nothing', () => filesBelow(root).length === 0);
  }, 60_000);

  it('a nearly full area refuses new work at submit with STORAGE_FULL (ack and 507 with Retry-After), and accepts it again once results expired', async () => {
    // Fill the area to 3.5 of its 4 MiB: a task needs 1 MiB free at submit (its reserve), so the
    // next one is refused at once rather than failing once it has run. Retry if the machine is so slow that some
    // already expired before the refused submit (the TTL is short to keep the test quick).
    let refusedAck: unknown;
    let refusedRest: { status: number; body: string; retryAfter?: string | string[] } | undefined;
    for (let attempt = 0; attempt < 3 && refusedRest === undefined; attempt++) {
      await until('an empty area', async () => (await metric(server, 'jpsp_temp_bytes')) === 0);
      const fills = await mapLimit([1, 1, 1, 0.5], 2, (mib) => runTask(client, 'test-bigfile', { bytes: mib * MiB }));
      expect(fills.map((s) => s.status)).toEqual(['completed', 'completed', 'completed', 'completed']);
      const ack = await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'no room' } });
      const res = await rawRequest(server.url, 'POST', '/api/tasks', { authorization: `Bearer ${KEY_A}`, 'content-type': 'application/json' }, JSON.stringify({ task: 'test-echo', input: { text: 'no room' } }));
      const firstExpiry = Math.min(...fills.map((s) => Date.parse(s.result!.files[0].expiresAt)));
      if (Date.now() < firstExpiry) {
        refusedAck = ack;
        refusedRest = { status: res.status, body: res.body.toString(), retryAfter: res.headers['retry-after'] };
      }
    }
    expect(refusedAck).toMatchObject({ ok: false, error: { code: 'STORAGE_FULL', message: expect.stringMatching(/temporary result area is full \(0\.5 MiB free\)/), details: { retryAfterMs: expect.any(Number) } } });
    expect(refusedRest?.status).toBe(507);
    expect(Number(refusedRest?.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(JSON.parse(refusedRest!.body)).toMatchObject({ error: { code: 'STORAGE_FULL' } });
    expect(bytesBelow(join(server.tempDir, 'results'))).toBeLessThanOrEqual(QUOTA);

    await until('the results expired and were swept', async () => (await metric(server, 'jpsp_temp_bytes')) === 0);
    const again = okData(await emitAck(client, 'task:submit', { task: 'test-echo', input: { text: 'room again' } }));
    expect(again.taskId).toBeTruthy();
  }, 90_000);
});
