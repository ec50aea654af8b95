// RSS of the server with N idle authenticated Socket.IO connections, opened by several client
// processes (one process opening 10,000 WebSockets is slow and close to its file limit).
import { spawn } from 'node:child_process';
import { BENCH_KEY, median, print, rssOf, sleep, startServer, withFdLimit } from './common.mjs';


async function sample(pid, n = 5, gapMs = 200) {
  const values = [];
  for (let i = 0; i < n; i++) {
    values.push(rssOf(pid));
    await sleep(gapMs);
  }
  return median(values);
}

async function metrics(url) {
  const text = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${BENCH_KEY}` } }).then((r) => r.text());
  const read = (name) => Number(new RegExp(`^${name} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
  return {
    sockets: read('jpsp_open_sockets'),
    heapUsedMb: read('jpsp_process_nodejs_heap_size_used_bytes') / 2 ** 20,
    heapTotalMb: read('jpsp_process_nodejs_heap_size_total_bytes') / 2 ** 20,
  };
}

export async function benchConnections({ sockets = 10_000, clients = 4, env = {}, settleMs = 10_000, main, nodeArgs = [] } = {}) {
  const server = await startServer({ main, nodeArgs, fds: sockets + 1024, env: { JPSP_MAX_CONNECTIONS: String(sockets * 2), JPSP_LOG_LEVEL: 'warn', ...env } });
  const procs = [];
  try {
    // Warm the server up a little (first requests load lazily compiled code) before the baseline.
    await metrics(server.url);
    await sleep(500);
    const idleRss = await sample(server.pid);
    const idle = await metrics(server.url);
    const t0 = performance.now();
    const per = Math.ceil(sockets / clients);
    const results = await Promise.all(
      Array.from({ length: clients }, (_, i) => {
        const n = Math.min(per, sockets - i * per);
        const command = withFdLimit([new URL('./connections-client.mjs', import.meta.url).pathname, server.url, String(n)], n + 256);
        const p = spawn(command.cmd, command.args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
        procs.push(p);
        return new Promise((resolve, reject) => {
          p.once('message', resolve);
          p.once('exit', (code) => reject(new Error(`connection client exited with ${code}`)));
        });
      }),
    );
    const connectSeconds = (performance.now() - t0) / 1000;
    const connected = results.reduce((n, r) => n + r.connected, 0);
    await sleep(2_000);
    const loadedRss = await sample(server.pid, 10, 200);
    const loaded = await metrics(server.url);
    // Idle for a while longer: V8 gives back part of the young generation once the process is idle.
    await sleep(settleMs);
    const settledRss = await sample(server.pid, 10, 200);
    const settled = await metrics(server.url);
    return {
      sockets,
      connected,
      serverCounted: loaded.sockets,
      idleHeapUsedMb: idle.heapUsedMb,
      heapUsedMb: loaded.heapUsedMb,
      heapTotalMb: loaded.heapTotalMb,
      failed: results.reduce((n, r) => n + r.failed, 0),
      connectSeconds,
      idleRssMb: idleRss / 1024 / 1024,
      rssMb: loadedRss / 1024 / 1024,
      perSocketKb: (loadedRss - idleRss) / 1024 / Math.max(1, connected),
      settleSeconds: settleMs / 1000,
      settledRssMb: settledRss / 1024 / 1024,
      settledHeapUsedMb: settled.heapUsedMb,
      stillConnected: settled.sockets,
    };
  } finally {
    // Killing the clients is the fastest way to drop 10,000 connections.
    await Promise.all(
      procs.map((p) => {
        if (p.exitCode !== null || p.signalCode !== null) {
          return undefined;
        }
        const exited = new Promise((r) => p.once('exit', r));
        p.kill('SIGKILL');
        return exited;
      }),
    );
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  print(await benchConnections({ sockets: Number(process.argv[2] ?? 10_000) }));
}
