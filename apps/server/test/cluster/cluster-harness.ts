import { startObjectStore, startRedis, type RedisService, type StoreService } from '@jpsp/cluster-kit';
import { connect, connected, startTestServer, type Client, type TestServer } from '../harness.js';




export interface ClusterNode {
  id: string;
  server: TestServer;
  client: Client;
}

/** Real Redis and a real S3 server (SeaweedFS), then real server processes sharing them. */
export async function startServices(): Promise<{ redis: RedisService; store: StoreService; env: Record<string, string> }> {
  const redis = await startRedis();
  const store = await startObjectStore();
  return { redis, store, env: { JPSP_REDIS_URL: redis.url, ...store.env } };
}

export async function startNode(env: Record<string, string>, id: string, extra: Record<string, string> = {}): Promise<ClusterNode> {
  // debug: `task started` (which node runs a task) is a debug line.
  const server = await startTestServer({ ...env, JPSP_NODE_ID: id, JPSP_STOP_GRACE_MS: '300', JPSP_LOG_LEVEL: 'debug', ...extra });
  return { id, server, client: await connected(connect(server.url)) };
}

/** The node that logged `task started` for `taskId` (the one running it). */
export function runnerOf(nodes: ClusterNode[], taskId: string): ClusterNode | undefined {
  return nodes.find((n) => n.server.logs.some((l) => l.includes('"msg":"task started"') && l.includes(taskId)));
}

export function finishedOn(node: ClusterNode, taskId: string): boolean {
  return node.server.logs.some((l) => l.includes('"msg":"task finished"') && l.includes(taskId));
}

/** Stops the nodes' clients and processes, then the services (whatever of them started). */
export async function stopAll(nodes: (ClusterNode | undefined)[], services: { redis?: RedisService; store?: StoreService }): Promise<void> {
  for (const n of nodes) {
    n?.client.close();
    await n?.server.stop();
  }
  await services.store?.stop();
  await services.redis?.stop();
}
