// The same no-op jobs through BullMQ on a local Redis: Queue.add → one Worker (separate process;
// `processes` of them for a cluster's like-for-like) → the `completed` event back through QueueEvents.
//   node dispatch-bullmq.mjs <redisPort> <json options>   → prints one JSON line.
import { fork } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { cpuMsOf, measureDispatch, print } from './common.mjs';

const [port, optionsJson = '{}'] = process.argv.slice(2);
const { tasks = 10_000, window = 200, rounds = 5, warmup = 2_000, latencyMs = 2_000, concurrency = 1, processes = 1, redisPid } = JSON.parse(optionsJson);
const connection = { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null };
const name = `bench-${process.pid}`;

const workers = Array.from({ length: processes }, () => fork(new URL('./bullmq-worker.mjs', import.meta.url), [String(port), name, String(concurrency)], { stdio: 'inherit' }));
await Promise.all(
  workers.map(
    (worker) =>
      new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('exit', (code) => reject(new Error(`BullMQ worker exited with ${code}`)));
      }),
  ),
);

const queue = new Queue(name, { connection, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });
const events = new QueueEvents(name, { connection, lastEventId: '0-0' });
await queue.waitUntilReady();
await events.waitUntilReady();

const waiting = new Map();
const early = new Set();
events.on('completed', ({ jobId }) => {
  const done = waiting.get(jobId);
  if (done) {
    waiting.delete(jobId);
    done();
  } else {
    early.add(jobId);
  }
});
events.on('failed', ({ jobId, failedReason }) => {
  process.stderr.write(`job ${jobId} failed: ${failedReason}\n`);
  process.exit(1);
});

async function one() {
  const job = await queue.add('noop', {});
  if (early.delete(job.id)) {
    return;
  }
  await new Promise((resolve) => waiting.set(job.id, resolve));
}

// CPU per job over the timed rounds: the worker processes, this producer (Queue.add + QueueEvents), Redis.
const cpu = {};
let at0;
const result = await measureDispatch(
  'bullmq',
  one,
  { tasks, window, rounds, warmup, latencyMs },
  {
    before: () => {
      at0 = { workers: workers.reduce((n, w) => n + cpuMsOf(w.pid), 0), producer: process.cpuUsage(), redis: redisPid ? cpuMsOf(redisPid) : NaN };
    },
    after: () => {
      const jobs = tasks * rounds;
      cpu.workersUsPerJob = ((workers.reduce((n, w) => n + cpuMsOf(w.pid), 0) - at0.workers) * 1000) / jobs;
      const own = process.cpuUsage(at0.producer);
      cpu.producerUsPerJob = (own.user + own.system) / jobs;
      cpu.redisUsPerJob = redisPid ? ((cpuMsOf(redisPid) - at0.redis) * 1000) / jobs : NaN;
    },
  },
);

await Promise.all(
  workers.map((worker) => {
    const exited = new Promise((r) => worker.once('exit', r));
    worker.kill('SIGTERM');
    return exited;
  }),
);
await events.close();
await queue.obliterate({ force: true }).catch(() => undefined);
await queue.close();
print(JSON.stringify({ ...result, ...cpu, concurrency, processes }));
process.exit(0);
