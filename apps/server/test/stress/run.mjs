#!/usr/bin/env node
// Long reliability runs against the real built server (`npm run test:stress` from the root):
//
//   faults  every misbehaving task kind 100 times, shuffled with good tasks (test/fault-kinds.mjs)
//   load    1,000 idle sockets + 200 sockets each building the FEL2022 booklet, a QUEUE_FULL burst,
//           every download checked, RSS sampled; throughput and latency percentiles
//   storm   clients whose connections are dropped at random moments during their runs
//           (socket.io.engine.close()); each resubscribes and must end with the final snapshot
//           and its download
//
// Uses the `abstract-booklet` task when the server offers it, else the `test-booklet` stand-in
// (JPSP_STRESS_TASK=test-booklet forces the stand-in). Sizes can be lowered for a quick look:
// JPSP_STRESS_FAULT_REPEAT, JPSP_STRESS_LOAD_CLIENTS, JPSP_STRESS_IDLE, JPSP_STRESS_STORM_CLIENTS;
// JPSP_STRESS_ONLY=faults,storm runs only those phases. Exits 1 if any check fails.
import { readFileSync } from 'node:fs';
import { prng } from '@jpsp/booklet/bench/generate-event';
import { BAD_KINDS, FAULT_SERVER_ENV, FAULT_TASK_TIMEOUT_MS, GOOD_KINDS } from '../fault-kinds.mjs';
import { settledThreads, threadsDownTo } from '../threads.mjs';
import { print, FIXTURE, MiB, rows, check, row, failureCount, startServer, connect, connected, ack, isDone, sleep, runTask, mapLimit, rssBytes, sampleRss, filesBelow, download, percentiles, fmtMs } from './stress-kit.mjs';

const num = (name, dflt) => Number(process.env[name] ?? dflt);
const FAULT_REPEAT = num('JPSP_STRESS_FAULT_REPEAT', 100);
const LOAD_CLIENTS = num('JPSP_STRESS_LOAD_CLIENTS', 200);
const IDLE = num('JPSP_STRESS_IDLE', 1000);
const STORM_CLIENTS = num('JPSP_STRESS_STORM_CLIENTS', 100);
const ONLY = (process.env.JPSP_STRESS_ONLY ?? 'faults,load,storm').split(',');

// --- phases -------------------------------------------------------------------------------------

async function faults() {
  const server = await startServer({ ...FAULT_SERVER_ENV, JPSP_MAX_QUEUE: '1000', JPSP_MAX_QUEUE_PER_KEY: '1000' });
  const baseThreads = await settledThreads(server.proc.pid);
  const clients = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(() => connected(connect(server.url))));
  const rand = prng(2026);
  const plan = [];
  for (const k of BAD_KINDS) {
    for (let i = 0; i < FAULT_REPEAT; i++) {
      plan.push(k);
    }
  }
  for (const k of GOOD_KINDS) {
    for (let i = 0; i < FAULT_REPEAT; i++) {
      plan.push(k);
    }
  }
  for (let i = plan.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [plan[i], plan[j]] = [plan[j], plan[i]];
  }
  const rss = sampleRss(server.proc.pid);
  const t0 = Date.now();
  const finals = await mapLimit(plan, 8, async (kind, i) => ({ kind, snap: await runTask(clients[i % clients.length], kind.task, kind.input, kind.options) }));
  const ms = Date.now() - t0;
  const peak = rss.stop();

  const byKind = new Map();
  for (const { kind, snap } of finals) {
    const e = byKind.get(kind.kind) ?? { n: 0, ok: 0, bad: [], maxRan: 0 };
    e.n++;
    const ran = snap.finishedAt ? Date.parse(snap.finishedAt) - Date.parse(snap.startedAt ?? snap.finishedAt) : NaN;
    e.maxRan = Math.max(e.maxRan, ran);
    const timeout = kind.options?.timeoutMs ?? FAULT_TASK_TIMEOUT_MS;
    let ok;
    if (kind.code) {
      ok = snap.status === 'failed' && snap.error?.code === kind.code && ran <= timeout + 5_000;
    } else {
      ok = snap.status === 'completed' && JSON.stringify(snap.result?.files.map((f) => f.name)) === JSON.stringify(kind.files);
      if (ok) {
        for (const f of snap.result.files) {
          ok = ok && (await download(f));
        }
      }
    }
    if (ok) {
      e.ok++;
    } else if (e.bad.length < 3) {
      e.bad.push(JSON.stringify(snap.error ?? snap.rejected ?? snap.status));
    }
    byKind.set(kind.kind, e);
  }
  for (const k of [...BAD_KINDS, ...GOOD_KINDS]) {
    const e = byKind.get(k.kind);
    const expected = k.code ?? 'completed + download';
    check('faults', k.kind, e.ok === e.n, e.bad.join(' '));
    row('faults', `${k.kind} → ${expected}`, e.n, e.ok === e.n ? `all ${e.n} as expected (longest ${e.maxRan} ms)` : `${e.n - e.ok} wrong: ${e.bad.join(' ')}`);
  }

  // Leaks: running tasks, workers, temp files.
  const again = await mapLimit(finals, 32, async ({ snap }) => (snap.taskId ? (await ack(clients[0], 'task:subscribe', { taskId: snap.taskId })).data : snap));
  const live = again.filter((s) => s && !isDone(s)).length;
  const nowThreads = await threadsDownTo(server.proc.pid, baseThreads);
  await sleep(300);
  const expectedFiles = finals
    .filter((f) => f.snap.status === 'completed' && f.snap.result.files.length > 0)
    .flatMap(({ snap }) => [`${snap.taskId}/`, ...snap.result.files.map((f) => `${snap.taskId}/${f.name}`)])
    .sort();
  const actualFiles = filesBelow(server.dir).sort();
  const extra = actualFiles.filter((f) => !expectedFiles.includes(f));
  check('faults', 'no task left running', live === 0, `${live} live`);
  check('faults', 'no worker leak', nowThreads <= baseThreads, `${baseThreads} → ${nowThreads} threads`);
  check('faults', 'no temp file leak', extra.length === 0 && actualFiles.length === expectedFiles.length, extra.slice(0, 5).join(' '));
  check('faults', 'server alive', server.proc.exitCode === null);
  row('faults', 'tasks left running afterwards', finals.length, live === 0 ? 'none' : `${live}`);
  row('faults', 'server threads before → after', finals.length, `${baseThreads} → ${nowThreads}`);
  row('faults', 'stray files in the temp area', actualFiles.length, extra.length === 0 ? 'none (only completed results)' : extra.slice(0, 3).join(' '));
  row('faults', 'total (peak RSS)', finals.length, `${(finals.length / (ms / 1000)).toFixed(1)} tasks/s, peak RSS ${(peak / MiB).toFixed(0)} MiB`, ms);
  for (const c of clients) {
    c.close();
  }
  await server.stop();
}

function bookletInput(task, event) {
  return task === 'abstract-booklet' ? { event, options: { formats: ['odt', 'docx'] } } : { event, options: { formats: ['odt', 'docx'] } };
}

async function pickTask(server) {
  const forced = process.env.JPSP_STRESS_TASK;
  if (forced) {
    return forced;
  }
  const c = await connected(connect(server.url));
  const catalog = (await ack(c, 'task:catalog', {})).data;
  c.close();
  return catalog.some((t) => t.name === 'abstract-booklet') ? 'abstract-booklet' : 'test-booklet';
}

async function load() {
  const event = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const server = await startServer({ JPSP_MAX_THREADS: '2', JPSP_MAX_QUEUE: String(LOAD_CLIENTS), JPSP_MAX_QUEUE_PER_KEY: String(2 * LOAD_CLIENTS), JPSP_MAX_CONNECTIONS: String(IDLE + LOAD_CLIENTS + 100) });
  const task = await pickTask(server);
  const rss = sampleRss(server.proc.pid);
  const baseRss = rssBytes(server.proc.pid);

  // 1,000 idle sockets, connected in batches.
  let t0 = Date.now();
  const idle = [];
  for (let i = 0; i < IDLE; i += 100) {
    idle.push(...(await Promise.all(Array.from({ length: Math.min(100, IDLE - i) }, () => connected(connect(server.url))))));
  }
  const idleMs = Date.now() - t0;
  const idleRss = rssBytes(server.proc.pid);
  row('load', 'idle sockets connected (and kept)', idle.length, `all connected; RSS ${(baseRss / MiB).toFixed(0)} → ${(idleRss / MiB).toFixed(0)} MiB`, idleMs);

  // 200 sockets, each one booklet of the FEL2022 fixture, all submitted at once.
  const workers = await Promise.all(Array.from({ length: LOAD_CLIENTS }, () => connected(connect(server.url))));
  const burst = await connected(connect(server.url));
  t0 = Date.now();
  let burstResult;
  const latencies = [];
  let acked = 0;
  const runs = workers.map(async (c, i) => {
    const start = Date.now();
    const a = await ack(c, 'task:submit', { task, input: bookletInput(task, event), options: { idempotencyKey: `load-${i}` } });
    acked++;
    if (!a.ok) {
      return { rejected: a.error };
    }
    const snap = isDone(a.data) ? a.data : await runUntilDone(c, a.data.taskId);
    latencies.push(Date.now() - start);
    return snap;
  });
  // Meanwhile, a burst beyond the queue bound: the surplus must get QUEUE_FULL, cleanly.
  const burstRun = (async () => {
    // Once every booklet is in (running or queued), the queue is near its bound: overflow it.
    while (acked < LOAD_CLIENTS) {
      await sleep(20);
    }
    const acks = await Promise.all(Array.from({ length: LOAD_CLIENTS }, () => ack(burst, 'task:submit', { task: 'test-noop', input: {} })));
    const full = acks.filter((a) => !a.ok && a.error.code === 'QUEUE_FULL');
    const accepted = acks.filter((a) => a.ok);
    const other = acks.filter((a) => !a.ok && a.error.code !== 'QUEUE_FULL');
    const acceptedDone = await Promise.all(accepted.map(async (a) => (isDone(a.data) ? a.data : runUntilDone(burst, a.data.taskId))));
    burstResult = { full: full.length, accepted: accepted.length, other: other.length, maxQueue: full[0]?.error.details?.limit, acceptedOk: acceptedDone.filter((s) => s.status === 'completed').length };
  })();
  const finals = await Promise.all(runs);
  const loadMs = Date.now() - t0;
  await burstRun;

  const completed = finals.filter((s) => s.status === 'completed');
  const downloads = await mapLimit(completed, 16, async (s) => (await Promise.all(s.result.files.map(download))).every(Boolean));
  const peak = rss.stop();
  const lat = percentiles(latencies);
  check('load', 'every booklet completed', completed.length === LOAD_CLIENTS, JSON.stringify(finals.find((s) => s.status !== 'completed')));
  check('load', 'every download intact', downloads.every(Boolean));
  check('load', 'QUEUE_FULL answered cleanly', burstResult.full > 0 && burstResult.other === 0 && burstResult.acceptedOk === burstResult.accepted, JSON.stringify(burstResult));
  check('load', 'idle sockets survived', idle.every((s) => s.connected));
  check('load', 'RSS bounded (< 3 GiB)', peak < 3 * 1024 * MiB, `${(peak / MiB).toFixed(0)} MiB`);
  row('load', `${task} (FEL2022) on ${LOAD_CLIENTS} concurrent sockets`, LOAD_CLIENTS, `${completed.length} completed, ${downloads.filter(Boolean).length} downloads intact, none lost`, loadMs);
  row('load', 'throughput', LOAD_CLIENTS, `${(completed.length / (loadMs / 1000)).toFixed(2)} booklets/s (2 worker threads)`);
  row('load', 'latency submit → completed', LOAD_CLIENTS, `p50 ${fmtMs(lat.p50)}, p90 ${fmtMs(lat.p90)}, p99 ${fmtMs(lat.p99)}, max ${fmtMs(lat.max)}`);
  row('load', 'burst beyond the queue bound (test-noop)', LOAD_CLIENTS, `${burstResult.full} QUEUE_FULL (maxQueue ${burstResult.maxQueue}), ${burstResult.accepted} accepted and completed, ${burstResult.other} other errors`);
  row('load', 'idle sockets still connected at the end', idle.length, `${idle.filter((s) => s.connected).length}`);
  row('load', 'server RSS', 1, `baseline ${(baseRss / MiB).toFixed(0)} MiB, peak ${(peak / MiB).toFixed(0)} MiB, end ${(rssBytes(server.proc.pid) / MiB).toFixed(0)} MiB`);
  for (const s of [...idle, ...workers, burst]) {
    s.close();
  }
  await server.stop();
}

function runUntilDone(socket, taskId) {
  return new Promise((resolve) => {
    const on = (s) => {
      if (s.taskId === taskId && isDone(s)) {
        socket.off('task:update', on);
        resolve(s);
      }
    };
    socket.on('task:update', on);
    void ack(socket, 'task:subscribe', { taskId }).then((a) => {
      if (a.ok && isDone(a.data)) {
        socket.off('task:update', on);
        resolve(a.data);
      }
    });
  });
}

async function storm() {
  const event = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const server = await startServer({ JPSP_MAX_THREADS: '2', JPSP_MAX_QUEUE: String(STORM_CLIENTS + 10), JPSP_MAX_QUEUE_PER_KEY: String(STORM_CLIENTS + 10) });
  const task = await pickTask(server);
  const rand = prng(99);
  const stats = { drops: 0, resubscribes: 0, resubmits: 0, viaUpdate: 0, viaAck: 0, viaSafetyPoll: 0 };
  const t0 = Date.now();
  const results = await Promise.all(
    Array.from({ length: STORM_CLIENTS }, async (_, i) => {
      const socket = connect(server.url, { reconnection: true, reconnectionDelay: 50 + Math.floor(rand() * 400), reconnectionDelayMax: 1000, randomizationFactor: 0.5 });
      await connected(socket);
      const key = `storm-${i}`;
      const payload = { task, input: bookletInput(task, event), options: { idempotencyKey: key } };
      let taskId;
      let final;
      let lastStatus = 'submitting';
      let wake = () => undefined;
      const take = (s, via) => {
        if (!final && s && (taskId === undefined || s.taskId === taskId)) {
          taskId = s.taskId;
          lastStatus = s.status;
          if (isDone(s)) {
            final = s;
            stats[via]++;
            wake();
          }
        }
      };
      socket.on('task:update', (s) => take(s, 'viaUpdate'));
      let reconnected = false;
      socket.io.on('reconnect', () => {
        reconnected = true;
        wake();
      });
      // Drop this client's connection 1–3 times at random moments of its run: once at a random
      // time, and on some of the task's own updates (while it is queued or running).
      const plannedDrops = 1 + Math.floor(rand() * 3);
      let dropped = 0;
      const drop = () => {
        if (!final && socket.connected && dropped < plannedDrops) {
          dropped++;
          stats.drops++;
          stats[`dropWhile_${lastStatus}`] = (stats[`dropWhile_${lastStatus}`] ?? 0) + 1;
          socket.io.engine.close();
        }
      };
      socket.on('task:update', (s) => {
        lastStatus = s.status;
        if (!isDone(s) && rand() < (s.status === 'running' ? 0.8 : 0.3)) {
          setTimeout(drop, Math.floor(rand() * 200));
        }
      });
      const chaos = (async () => {
        await sleep(Math.floor(rand() * 8_000));
        drop();
      })();
      // The client's logic: submit (again, with the same idempotency key, if the ack was lost);
      // after every reconnect resubscribe; otherwise wait for task:update. A slow safety poll
      // (every 15 s) would reveal updates lost without any disconnect.
      const deadline = Date.now() + 600_000;
      let first = true;
      while (!final && Date.now() < deadline) {
        if (!socket.connected) {
          await Promise.race([new Promise((r) => socket.once('connect', r)), sleep(2_000)]);
          continue;
        }
        const safety = !first && !reconnected;
        try {
          if (taskId === undefined) {
            if (!first) {
              stats.resubmits++;
            }
            const a = await ack(socket, 'task:submit', payload, 10_000);
            if (a.ok) {
              take(a.data, 'viaAck');
            }
          } else {
            if (reconnected) {
              stats.resubscribes++;
            }
            const a = await ack(socket, 'task:subscribe', { taskId }, 10_000);
            if (a.ok) {
              take(a.data, safety ? 'viaSafetyPoll' : 'viaAck');
            }
          }
        } catch {
          // dropped before the answer: try again once connected
        }
        first = false;
        reconnected = false;
        if (!final) {
          await Promise.race([new Promise((r) => (wake = r)), sleep(15_000)]);
        }
      }
      await chaos;
      const ok = final?.status === 'completed' && (await Promise.all(final.result.files.map(download))).every(Boolean);
      socket.close();
      return { ok, taskId: final?.taskId ?? taskId, status: final?.status ?? 'no final snapshot' };
    }),
  );
  const ms = Date.now() - t0;
  const ids = new Set(results.map((r) => r.taskId));
  const ok = results.filter((r) => r.ok).length;
  check('storm', 'every client ends with its final snapshot and download', ok === STORM_CLIENTS, JSON.stringify(results.filter((r) => !r.ok).slice(0, 3)));
  check('storm', 'one task per client (idempotency across reconnects)', ids.size === STORM_CLIENTS);
  check('storm', 'no update lost without a disconnect', stats.viaSafetyPoll === 0, `${stats.viaSafetyPoll} finals only seen by the safety poll`);
  row('storm', `${task} clients with random connection drops`, STORM_CLIENTS, `${ok} ended completed + download intact; ${ids.size} distinct tasks`, ms);
  row('storm', 'connections dropped (engine closed)', stats.drops, `while submitting ${stats.dropWhile_submitting ?? 0}, queued ${stats.dropWhile_queued ?? 0}, running ${stats.dropWhile_running ?? 0}; ${stats.resubscribes} resubscribes, ${stats.resubmits} resubmits with the same idempotency key`);
  row('storm', 'final snapshot came from', STORM_CLIENTS, `task:update ${stats.viaUpdate}, an ack ${stats.viaAck}, the safety poll ${stats.viaSafetyPoll}`);
  await server.stop();
}

// --- main ---------------------------------------------------------------------------------------

const started = Date.now();
print(`JPSP-NG stress run (fault repeat ${FAULT_REPEAT}, load ${LOAD_CLIENTS} + ${IDLE} idle, storm ${STORM_CLIENTS})`);
for (const [name, phase] of [
  ['faults', faults],
  ['load', load],
  ['storm', storm],
]) {
  if (ONLY.includes(name)) {
    const t = Date.now();
    print(`\n# ${name}`);
    try {
      await phase();
    } catch (err) {
      check(name, 'phase crashed', false, err?.stack ?? String(err));
    }
    print(`  (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }
}

print('\n| phase | what | count | outcome | time |\n|---|---|---:|---|---:|');
for (const r of rows) {
  print(`| ${r.phase} | ${r.what} | ${r.count} | ${r.outcome} | ${r.time} |`);
}
print(`\n${failureCount() === 0 ? 'PASS' : `FAIL (${failureCount()} checks)`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(failureCount() === 0 ? 0 : 1);
