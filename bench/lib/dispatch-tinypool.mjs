// The same no-op function on raw Tinypool (no network, no queue of ours): pool.run() → result.
//   node dispatch-tinypool.mjs <json options>   → prints one JSON line.
import { Bench } from 'tinybench';
import { Tinypool } from 'tinypool';
import { median, print } from './common.mjs';

const { tasks = 10_000, window = 200, rounds = 5, warmup = 2_000, latencyMs = 2_000, threads = 1 } = JSON.parse(process.argv[2] ?? '{}');

const pool = new Tinypool({
  filename: new URL('./noop-worker.mjs', import.meta.url).href,
  runtime: 'worker_threads',
  minThreads: threads,
  maxThreads: threads,
  idleTimeout: 0,
  concurrentTasksPerWorker: 1,
  isolateWorkers: false,
});
const one = () => pool.run({});

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
bench.add('tinypool', one);
await bench.run();
const lat = bench.tasks[0].result.latency;
await pool.destroy();
print(JSON.stringify({ tasksPerSec: median(perRound), perRound, p50: lat.p50, p99: lat.p99, samples: lat.samplesCount }));
