// Throughput of one 200 MiB result file over HTTP on loopback: GET /files/<token>/<name> from
// the server, against plain node:http + fs.createReadStream serving the same file.
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { join } from 'node:path';
import { BENCH_KEY, median, print, startServer } from './common.mjs';

const MiB = 1024 * 1024;

function download(url) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    get(url, (res) => {
      if (res.statusCode !== 200) {
        reject(new Error(`GET ${url} → ${res.statusCode}`));
        res.resume();
        return;
      }
      let bytes = 0;
      res.on('data', (chunk) => (bytes += chunk.length));
      res.on('end', () => resolve({ bytes, seconds: (performance.now() - t0) / 1000 }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function api(server, method, path, body) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${BENCH_KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok) {
    throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  }
  return json;
}

/** Alternates the two servers round by round, so a busy moment of the machine hits both alike. */
async function rounds(urls, n, expected) {
  const rates = urls.map(() => []);
  for (const url of urls) {
    await download(url); // warm-up (page cache, lazy code)
  }
  for (let i = 0; i < n; i++) {
    for (const [k, url] of urls.entries()) {
      const { bytes, seconds } = await download(url);
      if (bytes !== expected) {
        throw new Error(`downloaded ${bytes} bytes from ${url}, expected ${expected}`);
      }
      rates[k].push(bytes / MiB / seconds);
    }
  }
  return rates.map((r) => ({ mibPerSec: median(r), perRound: r }));
}

export async function benchDownloads({ bytes = 200 * MiB, n = 5 } = {}) {
  const server = await startServer({ env: { JPSP_MAX_RESULT_BYTES: String(bytes + MiB), JPSP_LOG_LEVEL: 'warn' } });
  let raw;
  try {
    let snap = await api(server, 'POST', '/api/tasks', { task: 'test-bigfile', input: { bytes } });
    const t0 = performance.now();
    while (snap.status === 'queued' || snap.status === 'running') {
      await new Promise((r) => setTimeout(r, 100));
      snap = await api(server, 'GET', `/api/tasks/${snap.taskId}`);
    }
    if (snap.status !== 'completed') {
      throw new Error(`test-bigfile ended ${snap.status}: ${JSON.stringify(snap.error)}`);
    }
    const taskSeconds = (performance.now() - t0) / 1000;
    const file = snap.result.files[0];
    const path = join(server.dir, 'results', snap.taskId, file.name);
    raw = spawn(process.execPath, [new URL('./raw-file-server.mjs', import.meta.url).pathname, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    const port = await new Promise((resolve) => raw.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
    const [ours, baseline] = await rounds([file.url, `http://127.0.0.1:${port}/`], n, bytes);
    return { bytes, taskSeconds, ours, baseline };
  } finally {
    raw?.kill();
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  print(JSON.stringify(await benchDownloads(), null, 1));
}
