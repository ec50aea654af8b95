// Dispatch overhead, side by side: the same no-op function through the whole JPSP-NG path,
// on raw Tinypool, and through BullMQ on a local Redis, each with one worker.
import { join } from 'node:path';
import { print, ROOT, runJsonChild, startServer } from './common.mjs';
import { startRedis } from './redis.mjs';

export async function benchDispatch({ tasks = 10_000, window = 200, rounds = 5, warmup = 2_000, latencyMs = 2_000, workers = 1, nodeArgs = [] } = {}) {
  const common = { tasks, window, rounds, warmup, latencyMs };
  const out = { config: { ...common, workers } };

  out.tinypool = await runJsonChild(join(ROOT, 'bench/lib/dispatch-tinypool.mjs'), [JSON.stringify({ ...common, threads: workers })]);

  // BullMQ needs redis-server (apt install redis-server); without it the others still run.
  try {
    const redis = await startRedis();
    try {
      out.bullmq = await runJsonChild(join(ROOT, 'bench/lib/dispatch-bullmq.mjs'), [String(redis.port), JSON.stringify({ ...common, concurrency: workers })], { timeoutMs: 240_000 });
      out.bullmq.redisVersion = redis.version;
    } finally {
      await redis.stop();
    }
  } catch (err) {
    out.bullmq = { error: String(err.message ?? err).split('\n')[0] };
  }

  const server = await startServer({
    env: { JPSP_MAX_THREADS: String(workers), JPSP_MAX_QUEUE: String(Math.max(1000, window * 2)), JPSP_MAX_QUEUE_PER_KEY: String(Math.max(1000, window * 2)) },
    nodeArgs,
  });
  try {
    out.jpsp = await runJsonChild(join(ROOT, 'bench/lib/dispatch-jpsp.mjs'), [server.url, JSON.stringify({ ...common, serverPid: server.pid })], { timeoutMs: 240_000 });
  } finally {
    await server.stop();
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  print(JSON.stringify(await benchDispatch(JSON.parse(process.argv[2] ?? '{}')), null, 1));
}
