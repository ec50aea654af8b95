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

export async function benchConnections({ sockets = 10_000, clients = 4, env = {}, windowMs = 30_000, main, nodeArgs = [] } = {}) {
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
    const loaded = await metrics(server.url);
    // Idle sockets are not idle to the server: each is pinged every 25 s (Engine.IO's
    // pingInterval), and what that allocates is collected in bursts. RSS is sampled across more
    // than one ping interval and the median reported, with its range.
    const samples = [];
    for (const until = performance.now() + windowMs; performance.now() < until; ) {
      samples.push(rssOf(server.pid));
      await sleep(500);
    }
    const settled = await metrics(server.url);
    const rss = median(samples);
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
      rssMb: rss / 1024 / 1024,
      rssMinMb: Math.min(...samples) / 1024 / 1024,
      rssMaxMb: Math.max(...samples) / 1024 / 1024,
      samples: samples.length,
      windowSeconds: windowMs / 1000,
      perSocketKb: (rss - idleRss) / 1024 / Math.max(1, connected),
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
