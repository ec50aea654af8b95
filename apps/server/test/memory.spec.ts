// V8's young generation (the nursery) of the server's main thread, read from the server's own
// /metrics: kept at its initial size (two 1 MB semi-spaces) while no task runs, so that an idle
// server and its idle sockets do not hold 32 MB of it; free to grow while tasks run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, connected, emitAck, isDone, okData, waitForUpdate, type Client, type TestServer, startTestServer } from './harness.js';
import { metric } from './reliability.js';

const NEW_SPACE = 'jpsp_process_nodejs_heap_space_size_total_bytes{space="new"}';
/** V8's initial young generation on 64-bit: two semi-spaces of 1 MB. */
const INITIAL_NEW_SPACE = 2 * 1024 * 1024;

async function newSpaceBytes(server: TestServer): Promise<number> {
  return metric(server, NEW_SPACE);
}

describe('young generation of the main thread', () => {
  let server: TestServer;
  let clients: Client[] = [];

  beforeAll(async () => {
    server = await startTestServer({ JPSP_MAX_THREADS: '2', JPSP_MAX_QUEUE: '1000', JPSP_MAX_QUEUE_PER_KEY: '1000' });
  });
  afterAll(async () => {
    for (const c of clients) {
      c.close();
    }
    await server?.stop();
  });

  it('stays at its initial size while the server starts and 300 sockets connect', async () => {
    expect(await newSpaceBytes(server)).toBeLessThanOrEqual(INITIAL_NEW_SPACE);
    clients = await Promise.all(Array.from({ length: 300 }, () => connected(connect(server.url))));
    for (let i = 0; i < 20; i++) {
      await Promise.all(clients.map((c) => emitAck(c, 'task:catalog', {})));
    }
    expect(await newSpaceBytes(server)).toBeLessThanOrEqual(INITIAL_NEW_SPACE);
  });

  it('grows while tasks run', async () => {
    const client = await connected(connect(server.url));
    clients.push(client);
    const done = new Set<string>();
    client.on('task:update', (s) => {
      if (isDone(s)) {
        done.add(s.taskId);
      }
    });
    // 3,000 no-op tasks, 100 in flight: the main thread allocates for each (socket frames,
    // snapshots, worker messages) while the in-flight ones survive scavenges.
    let submitted = 0;
    const lane = async () => {
      while (submitted < 3_000) {
        submitted++;
        const snap = okData(await emitAck(client, 'task:submit', { task: 'test-noop', input: {} }));
        if (!isDone(snap) && !done.has(snap.taskId)) {
          await waitForUpdate(client, snap.taskId, isDone);
        }
      }
    };
    await Promise.all(Array.from({ length: 100 }, lane));
    expect(await newSpaceBytes(server)).toBeGreaterThan(INITIAL_NEW_SPACE);
  }, 120_000);
});
