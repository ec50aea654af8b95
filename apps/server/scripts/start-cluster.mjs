// `npm run start:cluster`: Redis, an S3 server (SeaweedFS) and two nodes on PORT and PORT+1
// (default 3000 and 3001), in demo mode (or with JPSP_API_KEYS); prints what runs where; Ctrl-C
// stops everything. The demo page works against either node.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startObjectStore, startRedis } from '@jpsp/cluster-kit';

const main = new URL('../dist/main.js', import.meta.url).pathname;
const port = Number(process.env.PORT ?? 3000);
const demo = !process.env.JPSP_API_KEYS && !process.env.JPSP_API_KEYS_FILE;
const say = (line) => process.stdout.write(`${line}\n`);

say('starting Redis and the object store…');
const redis = await startRedis();
const store = await startObjectStore();
const demoKey = demo ? `demo-${randomBytes(18).toString('base64url')}` : undefined;
const scratch = mkdtempSync(join(tmpdir(), 'jpsp-cluster-'));
const nodes = [0, 1].map((i) => {
  const id = `node-${i + 1}`;
  const env = {
    ...process.env,
    ...store.env,
    PORT: String(port + i),
    JPSP_REDIS_URL: redis.url,
    JPSP_NODE_ID: id,
    JPSP_TEMP_DIR: join(scratch, id),
    ...(demoKey ? { JPSP_DEMO_KEY: demoKey } : {}),
  };
  const child = spawn(process.execPath, demo ? [main, '--demo'] : [main], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.on('data', (chunk) => {
      buf += chunk.toString('utf8');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        process.stdout.write(`[${id}] ${buf.slice(0, i)}\n`);
        buf = buf.slice(i + 1);
      }
    });
  }
  return { id, child, url: `http://127.0.0.1:${port + i}` };
});

let stopping = false;
async function stopAll(code) {
  if (stopping) {
    return;
  }
  stopping = true;
  say('\nstopping the nodes, the object store and Redis…');
  // SIGTERM drains each node (grace JPSP_SHUTDOWN_GRACE_MS); one that is still there 20 s later is killed.
  await Promise.all(
    nodes.map(
      (n) =>
        new Promise((resolve) => {
          if (n.child.exitCode !== null || n.child.signalCode !== null) {
            resolve();
            return;
          }
          const timer = setTimeout(() => n.child.kill('SIGKILL'), 20_000);
          n.child.once('exit', () => (clearTimeout(timer), resolve()));
          n.child.kill('SIGTERM');
        }),
    ),
  );
  await store.stop();
  await redis.stop();
  process.exit(code);
}
process.on('exit', () => nodes.forEach((n) => n.child.kill('SIGKILL')));
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));
for (const n of nodes) {
  n.child.once('exit', (code) => {
    if (!stopping) {
      say(`${n.id} exited with ${code}`);
      void stopAll(1);
    }
  });
}

// Ready when both answer /health.
for (const n of nodes) {
  for (let i = 0; ; i++) {
    const ok = await fetch(`${n.url}/health`).then((r) => r.ok, () => false);
    if (ok) {
      break;
    }
    if (i > 300) {
      say(`${n.id} did not answer /health`);
      await stopAll(1);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}
say('');
say('JPSP-NG cluster (Ctrl-C stops everything):');
say(`  Redis         ${redis.url}`);
say(`  object store  ${store.endpoint} (SeaweedFS), bucket ${store.bucket}`);
for (const n of nodes) {
  say(`  ${n.id}        ${n.url}${demo ? `  demo page ${n.url}/demo/` : ''}`);
}
if (demoKey) {
  say(`  demo key      ${demoKey} (both nodes)`);
}
