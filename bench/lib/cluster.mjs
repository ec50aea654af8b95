// Cluster mode (JPSP_REDIS_URL): real server processes on one real Redis (libs/cluster-kit,
// append-only file on, as in production) and one real S3 store (SeaweedFS).
//  1. Dispatch: two nodes with one worker each (JPSP_MAX_THREADS=1: BullMQ concurrency 1 each),
//     a client alternating its submits over both nodes' Socket.IO, against raw BullMQ on the same
//     Redis with two worker processes of concurrency 1 (the same two workers, like-for-like).
//  2. Fail-over: a `test-slow-repeatable` task submitted to node A runs on some node X; kill -9 X
//     mid-run; time from the kill to the `completed` snapshot on a client of the surviving node.
//  3. The generated 2,000-contribution booklet submitted to node A and run by node B (node A's
//     one worker is kept busy by a long task), against an embedded server; submit → completed.
// Every process started here is stopped here, on failure too.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startObjectStore, startRedis } from '@jpsp/cluster-kit';
import { Redis } from 'ioredis';
import { io } from 'socket.io-client';
import { BENCH_KEY, median, print, ROOT, runJsonChild, sleep, startServer, waitFor } from './common.mjs';

const BIG_PAYLOAD = String(64 * 1024 * 1024);
const isEnd = (s) => s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled';

/** The JSON log lines of a node (pino, one object a line). */
function logLines(node) {
  const out = [];
  for (const line of readFileSync(node.logFile, 'utf8').split('\n')) {
    if (line.startsWith('{')) {
      try {
        out.push(JSON.parse(line));
      } catch {
        // a line being written
      }
    }
  }
  return out;
}

const logged = (node, msg, taskId) => logLines(node).find((l) => l.msg === msg && l.taskId === taskId);

async function connect(url) {
  const socket = io(url, { auth: { apiKey: BENCH_KEY }, transports: ['websocket'], reconnection: false });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the first terminal `task:update` of `taskId` on `socket`. */
function endOf(socket, taskId) {
  return new Promise((resolve) => {
    const on = (s) => {
      if (s.taskId === taskId && isEnd(s)) {
        socket.off('task:update', on);
        resolve(s);
      }
    };
    socket.on('task:update', on);
  });
}

async function submit(socket, task, input, timeoutMs = 120_000) {
  const ack = await socket.timeout(timeoutMs).emitWithAck('task:submit', { task, input });
  if (!ack.ok) {
    throw new Error(`submit of ${task} refused: ${ack.error.code} ${ack.error.message}`);
  }
  return ack.data;
}

/** Submit → completed over Socket.IO, in seconds (the submitting socket gets the updates). */
async function timedRun(socket, task, input) {
  const t0 = performance.now();
  let end;
  const pending = [];
  const on = (s) => {
    if (isEnd(s)) {
      pending.push(s);
    }
  };
  socket.on('task:update', on);
  try {
    const ack = await submit(socket, task, input);
    end = isEnd(ack) ? ack : pending.find((s) => s.taskId === ack.taskId);
    if (!end) {
      end = await endOf(socket, ack.taskId);
    }
  } finally {
    socket.off('task:update', on);
  }
  const seconds = (performance.now() - t0) / 1000;
  if (end.status !== 'completed') {
    throw new Error(`${task} ended ${end.status}: ${end.error?.code} ${end.error?.message}`);
  }
  return { seconds, snapshot: end };
}

export async function benchCluster({ quick = false, nodeArgs = [], parts = ['dispatch', 'booklet', 'failover'], dispatchThreads = 1, log = () => undefined } = {}) {
  const dispatch = quick ? { tasks: 3000, rounds: 3, warmup: 500, latencyMs: 1000, window: 200 } : { tasks: 10_000, rounds: 5, warmup: 2_000, latencyMs: 2_000, window: 200 };
  const bookletRuns = quick ? 2 : 5;
  const failoverRuns = quick ? 1 : 3;
  const slowMs = 4_000;

  const redis = await startRedis();
  const servers = new Set();
  const sockets = new Set();
  let store;
  let info;
  const node = async (id, extra = {}, args = []) => {
    const server = await startServer({
      env: {
        JPSP_REDIS_URL: redis.url,
        ...store.env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        JPSP_NODE_ID: id,
        JPSP_STOP_GRACE_MS: '300',
        // `task started` (which node runs a task) is a debug line; the dispatch nodes log at info.
        JPSP_LOG_LEVEL: 'debug',
        JPSP_MAX_QUEUE: '1000',
        JPSP_MAX_QUEUE_PER_KEY: '1000',
        ...extra,
      },
      nodeArgs: args,
    });
    server.id = id;
    servers.add(server);
    return server;
  };
  const stop = async (server) => {
    servers.delete(server);
    await server.stop();
  };
  const client = async (url) => {
    const socket = await connect(url);
    sockets.add(socket);
    return socket;
  };
  const out = { config: { dispatch, bookletRuns, failoverRuns, slowMs }, errors: {} };
  /** One part: a failure is recorded (and its processes stopped) and the next part still runs. */
  const part = async (name, fn) => {
    if (!parts.includes(name)) {
      return;
    }
    try {
      await fn();
    } catch (err) {
      out.errors[name] = String(err?.message ?? err).split('\n')[0];
      log(`cluster: ${name} FAILED: ${out.errors[name]}`);
    }
  };
  try {
    store = await startObjectStore();
    info = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    out.redisVersion = /redis_version:(\S+)/.exec(await info.info('server'))?.[1] ?? '?';
    // Redis commands per task (INFO commandstats over the whole run, warm-up and latency included).
    const commandStats = async () => {
      const text = await info.info('commandstats');
      const byCommand = {};
      for (const m of text.matchAll(/^cmdstat_(\S+?):calls=(\d+)/gm)) {
        byCommand[m[1]] = Number(m[2]);
      }
      return byCommand;
    };
    const perTask = (stats, tasks) => {
      const counted = Object.entries(stats).filter(([c]) => c !== 'config' && c !== 'info');
      const top = counted
        .sort((x, y) => y[1] - x[1])
        .slice(0, 8)
        .map(([c, n]) => `${c} ${(n / tasks).toFixed(1)}`);
      return { perTask: counted.reduce((a, [, n]) => a + n, 0) / tasks, top };
    };

    // ── 1. dispatch ──────────────────────────────────────────────────────────────────────────
    await part('dispatch', async () => {
      log('cluster: raw BullMQ, 2 worker processes × concurrency 1, on the cluster Redis…');
      await info.config('RESETSTAT');
      out.bullmq = await runJsonChild(join(ROOT, 'bench/lib/dispatch-bullmq.mjs'), [String(redis.port), JSON.stringify({ ...dispatch, concurrency: 1, processes: 2, redisPid: redis.pid() })], { timeoutMs: 300_000 });
      out.bullmq.redis = perTask(await commandStats(), out.bullmq.calls);
      log('cluster: JPSP-NG, 2 nodes × 1 worker…');
      // (dispatchThreads > 1 only for experiments: the row compares 2 workers with 2 workers)
      const a = await node('node-a', { JPSP_MAX_THREADS: String(dispatchThreads), JPSP_LOG_LEVEL: 'info' }, nodeArgs);
      const b = await node('node-b', { JPSP_MAX_THREADS: String(dispatchThreads), JPSP_LOG_LEVEL: 'info' });
      try {
        await info.config('RESETSTAT');
        out.jpsp = await runJsonChild(join(ROOT, 'bench/lib/dispatch-jpsp.mjs'), [`${a.url},${b.url}`, JSON.stringify({ ...dispatch, serverPids: [a.pid, b.pid], redisPid: redis.pid() })], { timeoutMs: 300_000 });
        await sleep(500); // pino's asynchronous writes
        const ran = (s) => logLines(s).filter((l) => l.msg === 'task finished').length; // logged by the node that ran it
        out.jpsp.ranOn = { a: ran(a), b: ran(b) };
        out.jpsp.redis = perTask(await commandStats(), out.jpsp.calls);
      } finally {
        await stop(a);
        await stop(b);
      }
      // The embedded server with the same two workers (JPSP_MAX_THREADS=2), same client: what the
      // path costs without the cluster, for the CPU floor below.
      log('cluster: JPSP-NG embedded, 1 process × 2 workers (the CPU floor)…');
      const embedded = await startServer({ env: { JPSP_MAX_THREADS: '2', JPSP_MAX_QUEUE: '1000', JPSP_MAX_QUEUE_PER_KEY: '1000' } });
      servers.add(embedded);
      try {
        out.embedded = await runJsonChild(join(ROOT, 'bench/lib/dispatch-jpsp.mjs'), [embedded.url, JSON.stringify({ ...dispatch, serverPids: [embedded.pid] })], { timeoutMs: 300_000 });
      } finally {
        await stop(embedded);
      }
      // Whole-machine CPU per task (every process of each side, Redis included), and the floor of
      // cluster mode if it added nothing of its own: the embedded path (server + client) plus
      // BullMQ's workers and Redis (the BullMQ producer's share left out, which favours the floor).
      const b0 = out.bullmq;
      const j0 = out.jpsp;
      const e0 = out.embedded;
      out.cpu = {
        bullmqUsPerJob: b0.workersUsPerJob + b0.producerUsPerJob + b0.redisUsPerJob,
        clusterUsPerTask: j0.serverCpuUsPerTask + j0.clientCpuUsPerTask + j0.redisUsPerTask,
        embeddedUsPerTask: e0.serverCpuUsPerTask + e0.clientCpuUsPerTask,
        floorUsPerTask: e0.serverCpuUsPerTask + e0.clientCpuUsPerTask + b0.workersUsPerJob + b0.redisUsPerJob,
      };
      out.cpu.maxRatio = out.cpu.bullmqUsPerJob / out.cpu.floorUsPerTask;
    });

    // ── 2. booklet through node A, run on node B, against embedded ───────────────────────────
    await part('booklet', async () => {
      log('cluster: booklet, 2,000 contributions, embedded then through node A run on node B…');
      const { generateEvent } = await import(join(ROOT, 'libs/booklet/bench/generate-event.mjs'));
      const input = { event: generateEvent(2000, 42), options: { formats: ['odt'] } };
      out.booklet = { contributions: 2000, bytes: Buffer.byteLength(JSON.stringify(input)), runs: bookletRuns };
      const embedded = await startServer({ env: { JPSP_MAX_PAYLOAD_BYTES: BIG_PAYLOAD } });
      servers.add(embedded);
      try {
        const socket = await client(embedded.url);
        await timedRun(socket, 'abstract-booklet', input); // warm-up
        const times = [];
        for (let i = 0; i < bookletRuns; i++) {
          times.push((await timedRun(socket, 'abstract-booklet', input)).seconds);
        }
        out.booklet.embedded = { perRun: times, seconds: median(times) };
        socket.close();
        sockets.delete(socket);
      } finally {
        servers.delete(embedded);
        await embedded.stop();
      }
      // Node A alone takes a long task on its one worker, so node B (started next) runs the booklets.
      const a = await node('node-a', { JPSP_MAX_THREADS: '1', JPSP_MAX_PAYLOAD_BYTES: BIG_PAYLOAD });
      let b;
      try {
        const socketA = await client(a.url);
        const blocker = await submit(socketA, 'test-slow', { ms: 600_000, steps: 1 });
        await waitFor(() => logged(a, 'task started', blocker.taskId), 10_000, 'the blocking task to start on node A');
        b = await node('node-b', { JPSP_MAX_PAYLOAD_BYTES: BIG_PAYLOAD });
        await timedRun(socketA, 'abstract-booklet', input); // warm-up (node B's worker thread and modules)
        const times = [];
        const ids = [];
        for (let i = 0; i < bookletRuns; i++) {
          const r = await timedRun(socketA, 'abstract-booklet', input);
          times.push(r.seconds);
          ids.push(r.snapshot.taskId);
        }
        await sleep(500);
        // Where each ran, and the node-side part (B's `task started` → `task finished`: engine + upload to S3).
        const linesB = logLines(b);
        const onB = ids.filter((id) => linesB.some((l) => l.msg === 'task started' && l.taskId === id)).length;
        const nodeSide = ids.map((id) => {
          const s = linesB.find((l) => l.msg === 'task started' && l.taskId === id);
          const f = linesB.find((l) => l.msg === 'task finished' && l.taskId === id);
          return s && f ? (Date.parse(f.time) - Date.parse(s.time)) / 1000 : NaN;
        });
        out.booklet.cluster = { perRun: times, seconds: median(times), ranOnB: onB, nodeSideS: median(nodeSide.filter(Number.isFinite)) };
        await socketA.timeout(5_000).emitWithAck('task:cancel', { taskId: blocker.taskId }).catch(() => undefined);
      } finally {
        if (b) {
          await stop(b);
        }
        await stop(a);
      }
    });

    // ── 3. fail-over ─────────────────────────────────────────────────────────────────────────
    await part('failover', async () => {
      log(`cluster: fail-over, kill -9 of the node running a ${slowMs / 1000} s task, ${failoverRuns}×…`);
      let seq = 0;
      const nodes = [];
      const add = async () => {
        const s = await node(`node-${String.fromCharCode(97 + seq++)}`, { JPSP_MAX_THREADS: '1' });
        nodes.push({ server: s, socket: await client(s.url) });
      };
      await add();
      await add();
      const runs = [];
      try {
        for (let i = 0; i < failoverRuns; i++) {
          const [a] = nodes;
          const snap = await submit(a.socket, 'test-slow-repeatable', { ms: slowMs, steps: 20 });
          const id = snap.taskId;
          let x;
          await waitFor(() => (x = nodes.find((n) => logged(n.server, 'task started', id))), 15_000, 'the task to start');
          const survivor = nodes.find((n) => n !== x);
          const sub = await survivor.socket.timeout(5_000).emitWithAck('task:subscribe', { taskId: id });
          if (!sub.ok) {
            throw new Error(`task:subscribe on the survivor: ${sub.error.code}`);
          }
          const ended = endOf(survivor.socket, id);
          await sleep(slowMs / 4); // mid-run
          const t0 = performance.now();
          x.server.child.kill('SIGKILL');
          let takeoverS = NaN;
          const watch = waitFor(() => logged(survivor.server, 'task started', id), 60_000, 'the survivor to start the task').then(() => (takeoverS = (performance.now() - t0) / 1000));
          const end = await Promise.race([ended, sleep(90_000).then(() => ({ status: 'timeout' }))]);
          const seconds = (performance.now() - t0) / 1000;
          await watch.catch(() => undefined);
          if (end.status !== 'completed') {
            throw new Error(`fail-over run ${i + 1}: the task ended ${end.status} ${end.error?.code ?? ''} ${end.error?.message ?? ''}`);
          }
          runs.push({ seconds, takeoverS, killed: x.server.id, survivor: survivor.server.id, submittedTo: a.server.id });
          log(`cluster: fail-over ${i + 1}: completed ${seconds.toFixed(1)} s after the kill (started again on ${survivor.server.id} after ${takeoverS.toFixed(1)} s)`);
          // Replace the killed node for the next round.
          x.socket.close();
          sockets.delete(x.socket);
          nodes.splice(nodes.indexOf(x), 1);
          await stop(x.server);
          if (i + 1 < failoverRuns) {
            await add();
          }
        }
      } finally {
        for (const n of nodes) {
          await stop(n.server);
        }
      }
      out.failover = { runs, seconds: median(runs.map((r) => r.seconds)), takeoverS: median(runs.map((r) => r.takeoverS)) };
    });
    return out;
  } finally {
    for (const socket of sockets) {
      socket.close();
    }
    info?.disconnect();
    for (const server of servers) {
      await server.stop().catch(() => undefined);
    }
    await store?.stop().catch(() => undefined);
    await redis.stop().catch(() => undefined);
  }
}

// `node bench/lib/cluster.mjs [--quick]`: this part alone.
if (import.meta.url === `file://${process.argv[1]}`) {
  // --parts dispatch,booklet,failover   --cpu-prof-dir <dir>: node A of the dispatch under --cpu-prof
  // --threads n: JPSP_MAX_THREADS of the two dispatch nodes (an experiment; the row uses 1)
  const arg = (f) => (process.argv.indexOf(f) >= 0 ? process.argv[process.argv.indexOf(f) + 1] : undefined);
  const profDir = arg('--cpu-prof-dir');
  const result = await benchCluster({
    quick: process.argv.includes('--quick'),
    ...(arg('--parts') ? { parts: arg('--parts').split(',') } : {}),
    ...(arg('--threads') ? { dispatchThreads: Number(arg('--threads')) } : {}),
    nodeArgs: profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : [],
    log: (m) => process.stderr.write(`${m}\n`),
  });
  print(JSON.stringify(result, null, 1));
  process.exit(0);
}
