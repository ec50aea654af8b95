// Dispatch through the whole JPSP-NG path: socket.io-client `task:submit` → queue → Tinypool →
// `task:update` with status `completed` back to the client. Run as a child process:
//   node dispatch-jpsp.mjs <serverUrl> <json options>   → prints one JSON line.
import { io } from 'socket.io-client';
import { Bench } from 'tinybench';
import { BENCH_KEY, cpuMsOf, median, print } from './common.mjs';

const [url, optionsJson = '{}'] = process.argv.slice(2);
const { tasks = 10_000, window = 200, rounds = 5, warmup = 2_000, latencyMs = 2_000, serverPid } = JSON.parse(optionsJson);

const socket = io(url, { auth: { apiKey: BENCH_KEY }, transports: ['websocket'] });
await new Promise((resolve, reject) => {
  socket.once('connect', resolve);
  socket.once('connect_error', reject);
});

const waiting = new Map();
const early = new Set();
socket.on('task:update', (s) => {
  if (s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled') {
    const done = waiting.get(s.taskId);
    if (done) {
      waiting.delete(s.taskId);
      done(s);
    } else {
      early.add(s.taskId);
    }
  }
});

/** One no-op task, submit → completed snapshot. */
async function one() {
  const ack = await socket.emitWithAck('task:submit', { task: 'test-noop', input: {} });
  if (!ack.ok) {
    throw new Error(`${ack.error.code}: ${ack.error.message}`);
  }
  const id = ack.data.taskId;
  let final = ack.data;
  if (final.status !== 'completed') {
    if (early.delete(id)) {
      return;
    }
    final = await new Promise((resolve) => waiting.set(id, resolve));
  }
  if (final.status !== 'completed') {
    throw new Error(`task ${id} ended ${final.status}: ${JSON.stringify(final.error)}`);
  }
}

async function many(n, w) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: w }, async () => {
      while (next++ < n) {
        await one();
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

await many(warmup, window);
const perRound = [];
const cpu0 = serverPid ? cpuMsOf(serverPid) : NaN;
const own0 = process.cpuUsage();
for (let r = 0; r < rounds; r++) {
  perRound.push(await many(tasks, window));
}
// CPU the server (all its threads) and this client spent per task: robust to a busy machine.
const serverCpuUsPerTask = ((cpuMsOf(serverPid ?? process.pid) - cpu0) * 1000) / (tasks * rounds);
const own = process.cpuUsage(own0);
const clientCpuUsPerTask = (own.user + own.system) / (tasks * rounds);

const bench = new Bench({ time: latencyMs, warmupTime: 300, throws: true });
bench.add('jpsp', one);
await bench.run();
const lat = bench.tasks[0].result.latency;

socket.close();
print(JSON.stringify({ tasksPerSec: median(perRound), perRound, p50: lat.p50, p99: lat.p99, samples: lat.samplesCount, serverCpuUsPerTask, clientCpuUsPerTask }));
process.exit(0);
