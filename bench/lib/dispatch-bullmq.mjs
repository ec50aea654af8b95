// The same no-op jobs through BullMQ on a local Redis: Queue.add → one Worker (separate process)
// → the `completed` event back through QueueEvents.
//   node dispatch-bullmq.mjs <redisPort> <json options>   → prints one JSON line.
import { fork } from 'node:child_process';
import { Queue, QueueEvents } from 'bullmq';
import { Bench } from 'tinybench';
import { median, print } from './common.mjs';

const [port, optionsJson = '{}'] = process.argv.slice(2);
const { tasks = 10_000, window = 200, rounds = 5, warmup = 2_000, latencyMs = 2_000, concurrency = 1 } = JSON.parse(optionsJson);
const connection = { host: '127.0.0.1', port: Number(port), maxRetriesPerRequest: null };
const name = `bench-${process.pid}`;

const worker = fork(new URL('./bullmq-worker.mjs', import.meta.url), [String(port), name, String(concurrency)], { stdio: 'inherit' });
await new Promise((resolve, reject) => {
  worker.once('message', resolve);
  worker.once('exit', (code) => reject(new Error(`BullMQ worker exited with ${code}`)));
});

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
  console.error(`job ${jobId} failed: ${failedReason}`);
  process.exit(1);
});

async function one() {
  const job = await queue.add('noop', {});
  if (early.delete(job.id)) {
    return;
  }
  await new Promise((resolve) => waiting.set(job.id, resolve));
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
for (let r = 0; r < rounds; r++) {
  perRound.push(await many(tasks, window));
}
const bench = new Bench({ time: latencyMs, warmupTime: 300, throws: true });
bench.add('bullmq', one);
await bench.run();
const lat = bench.tasks[0].result.latency;

worker.kill('SIGTERM');
await new Promise((r) => worker.once('exit', r));
await events.close();
await queue.obliterate({ force: true }).catch(() => undefined);
await queue.close();
print(JSON.stringify({ tasksPerSec: median(perRound), perRound, p50: lat.p50, p99: lat.p99, samples: lat.samplesCount, concurrency }));
process.exit(0);
