import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { ErrorBody } from '@jpsp/contracts';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ServerOptions } from 'socket.io';
import type { AppConfig } from '../config/env.js';
import type { TaskExecutor } from '../executor/task-executor.js';
import type { ResultStore } from '../results/result-store.js';
import { parseStoreUrl, S3Objects } from '../results/s3-objects.js';
import { nodeCapabilities } from '../task-definitions/capabilities.js';
import type { TaskRegistry } from '../task-definitions/task-registry.js';
import { ClusterFiles } from './cluster-files.js';
import { ClusterChildren } from './cluster-children.js';
import { ClusterRunner, LOCK_DURATION_MS, type JobData } from './cluster-runner.js';
import { ClusterState } from './cluster-state.js';
import { ClusterTasks, queueName } from './cluster-tasks.js';
import { NodeRegistry } from './node-registry.js';

const PREFIX = 'jpsp';
const BULL_PREFIX = 'jpsp-bull';

export interface ClusterHealth {
  redis: 'ready' | 'down';
  store: 'ready' | 'down';
}

export interface Cluster {
  tasks: ClusterTasks;
  files: ClusterFiles;
  adapter: ServerOptions['adapter'];
  capabilities: string[];
  health(): Promise<ClusterHealth>;
  /** Per-node running counts and the cluster's queue depth (for /metrics). */
  nodes(): { id: string; running: number }[];
  close(): Promise<void>;
}

function bounded(work: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([work.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, ms).unref())]);
}

/** Every non-empty subset of `caps`, as queue names (a node with soffice serves `tasks` and `tasks.soffice`). */
function servedQueues(caps: string[]): string[] {
  const sorted = [...caps].sort();
  const out: string[][] = [[]];
  for (const cap of sorted) {
    for (const subset of [...out]) {
      out.push([...subset, cap]);
    }
  }
  return out.map((s) => queueName(s));
}

/**
 * Cluster mode's composition root (`JPSP_REDIS_URL` set): Redis connections, the object store
 * (probed: a node that cannot write and read it back refuses to start), the shared state, this
 * node's workers, its heartbeat, the cancel channel, the Socket.IO streams adapter.
 */
export async function startCluster(config: AppConfig, registry: TaskRegistry, executor: TaskExecutor, area: ResultStore, log: Logger): Promise<Cluster> {
  const url = config.redisUrl as string;
  const clients: Redis[] = [];
  const connection = (pipelined = false): Redis => {
    // Auto-pipelining (our own state client only: BullMQ's blocking connections must not) sends
    // the commands of concurrent tasks in one write: a syscall per command was the top cost.
    const client = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false, enableAutoPipelining: pipelined });
    client.on('error', (err) => log.debug({ err: err.message }, 'redis connection error'));
    clients.push(client);
    return client;
  };
  const redis = connection(true);
  try {
    await redis.ping();
  } catch (err) {
    throw new Error(`Cluster mode: Redis at JPSP_REDIS_URL does not answer (${(err as Error).message})`, { cause: err });
  }
  const objects = new S3Objects(parseStoreUrl(config.resultStore));
  await objects.probe();
  let storeReady = true;

  const state = new ClusterState(redis, PREFIX, config.resultTtlMs);
  const files = new ClusterFiles(redis, objects, PREFIX, { ttlMs: config.resultTtlMs, sweepIntervalMs: config.sweepIntervalMs, quotaBytes: config.tempQuotaBytes, nodeId: config.nodeId }, log);
  const queues = new Map<string, Queue<JobData>>();
  const queueOf = (name: string): Queue<JobData> => {
    let queue = queues.get(name);
    if (!queue) {
      queue = new Queue<JobData>(name, { connection: connection(), prefix: BULL_PREFIX });
      queue.on('error', (err) => log.debug({ err: err.message, queue: name }, 'queue connection error'));
      queues.set(name, queue);
    }
    return queue;
  };
  const capabilities = nodeCapabilities(config);
  // eslint-disable-next-line prefer-const -- the runner's emit callback reads it once it is built
  let tasks: ClusterTasks | undefined;
  const channel = `${PREFIX}:cancel`;
  const publishStop = async (id: string, reason: ErrorBody) => {
    await redis.publish(channel, JSON.stringify({ id, reason }));
  };
  // eslint-disable-next-line prefer-const -- the children's capacity reads the heartbeats once they start
  let nodes: NodeRegistry | undefined;
  const children = new ClusterChildren(() => connection(), BULL_PREFIX, () => nodes?.threads() ?? executor.capacity, publishStop, log);
  const runner = new ClusterRunner(config, registry, executor, area, files, state, (record) => tasks?.emit(record), children, log);
  nodes = new NodeRegistry(redis, `${PREFIX}:nodes`, { id: config.nodeId, capabilities, threads: executor.capacity }, () => runner.size);
  await nodes.start();

  const subscriber = connection();
  await subscriber.subscribe(channel);
  subscriber.on('message', (_channel: string, message: string) => {
    try {
      const { id, reason } = JSON.parse(message) as { id: string; reason: ErrorBody };
      runner.stopLocal(id, reason);
    } catch {
      // not ours
    }
  });
  tasks = new ClusterTasks(config, registry, state, queueOf, runner, files, nodes, publishStop, redis, BULL_PREFIX, log);

  const served = servedQueues(capabilities);
  runner.start(served, () => connection(), BULL_PREFIX);
  children.serve(() => connection(), executor, config.tempDir, LOCK_DURATION_MS);
  files.start();
  const probe = setInterval(() => {
    objects.probe().then(
      () => (storeReady = true),
      () => (storeReady = false),
    );
  }, 30_000);
  probe.unref();

  const adapterClient = connection();
  log.info({ node: config.nodeId, capabilities, queues: served }, 'cluster mode');
  return {
    tasks,
    files,
    adapter: createAdapter(adapterClient) as ServerOptions['adapter'],
    capabilities,
    async health() {
      const redisOk = await Promise.race([redis.ping().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), 1000))]);
      return { redis: redisOk ? 'ready' : 'down', store: storeReady ? 'ready' : 'down' };
    },
    nodes: () => (nodes).nodes().map((n) => ({ id: n.id, running: n.running })),
    async close() {
      clearInterval(probe);
      files.stop();
      // Each step bounded: with Redis away, a close would wait for it forever.
      await bounded((nodes).stop(), 2_000);
      await bounded(children.destroy(), 3_000);
      await bounded(Promise.allSettled([...queues.values()].map((q) => q.close())), 3_000);
      for (const client of clients) {
        client.disconnect();
      }
    },
  };
}
