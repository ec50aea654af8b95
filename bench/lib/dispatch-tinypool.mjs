// The same no-op function on raw Tinypool (no network, no queue of ours): pool.run() → result.
//   node dispatch-tinypool.mjs <json options>   → prints one JSON line.
import { Tinypool } from 'tinypool';
import { measureDispatch, print } from './common.mjs';

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

const result = await measureDispatch('tinypool', one, { tasks, window, rounds, warmup, latencyMs });
await pool.destroy();
print(JSON.stringify(result));
