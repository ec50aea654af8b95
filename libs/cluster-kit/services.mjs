// The real parts of cluster mode, on free ports, stopped with the process: Debian's redis-server
// (append-only file on) and SeaweedFS's S3 server (one identity, one bucket). Used by the cluster
// tests, the benchmarks and `npm run start:cluster`.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { Redis } from 'ioredis';

/** The SeaweedFS build `.ci/run` makes (libs/cluster-kit/ensure-weed.sh) and keeps outside the clone. */
export const WEED_VERSION = 'v0.0.0-20261109003541-7506e5f91cd6';
export const WEED = process.env.JPSP_WEED ?? join(homedir(), '.cache', 'jpsp', `weed-${WEED_VERSION}`);

// The AWS SDK's notice that its releases after January 2027 need Node 22 (README): not on every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const children = new Set();
process.once('exit', () => children.forEach((c) => c.kill('SIGKILL')));

export async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(what, check, timeoutMs, proc, log) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (proc && proc.exitCode !== null) {
      throw new Error(`${what}: the process exited with ${proc.exitCode}\n${log?.() ?? ''}`);
    }
    if (await check().catch(() => false)) {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come up within ${timeoutMs} ms\n${log?.() ?? ''}`);
}

function start(cmd, args, cwd) {
  const proc = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(proc);
  proc.once('exit', () => children.delete(proc));
  let out = '';
  const keep = (b) => (out = (out + b.toString('utf8')).slice(-4000));
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  return { proc, log: () => out };
}

async function stopProc(proc, signal = 'SIGTERM') {
  if (proc.exitCode !== null || proc.signalCode !== null) {
    return;
  }
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill(signal);
  const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Debian's redis-server on a free (or the given) port, with an append-only file in a temporary directory. */
export async function startRedis({ port: wanted } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'jpsp-redis-'));
  const port = wanted ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir, '--maxmemory-policy', 'noeviction'];
  let current = start('/usr/bin/redis-server', args, dir);
  const ping = async () => {
    const client = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      return (await client.ping()) === 'PONG';
    } finally {
      client.disconnect();
    }
  };
  await waitFor('redis-server', ping, 15_000, current.proc, current.log);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => current.proc.pid,
    async stop() {
      await stopProc(current.proc);
      rmSync(dir, { recursive: true, force: true });
    },
    /** SIGTERM (the append-only file is flushed), then the same port and data again. */
    async restart() {
      await stopProc(current.proc);
      current = start('/usr/bin/redis-server', args, dir);
      await waitFor('redis-server (restart)', ping, 15_000, current.proc, current.log);
    },
  };
}

/** A real S3 server: SeaweedFS (`weed server -s3`) on free ports, one identity, one bucket. */
export async function startObjectStore() {
  if (!existsSync(WEED)) {
    throw new Error(`SeaweedFS is missing at ${WEED}: run libs/cluster-kit/ensure-weed.sh (.ci/run does)`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'jpsp-s3-'));
  // SeaweedFS listens on port + 10000 for gRPC too: keep the HTTP ports low enough.
  const ports = [];
  while (ports.length < 4) {
    const p = await freePort();
    if (p < 55_000 && !ports.includes(p)) {
      ports.push(p);
    }
  }
  const [master, volume, filer, s3] = ports;
  const accessKeyId = `jpsp${randomBytes(6).toString('hex')}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  writeFileSync(join(dir, 's3.json'), JSON.stringify({ identities: [{ name: 'jpsp', credentials: [{ accessKey: accessKeyId, secretKey: secretAccessKey }], actions: ['Admin', 'Read', 'Write', 'List', 'Tagging'] }] }));
  const args = ['server', `-dir=${dir}`, '-ip=127.0.0.1', '-ip.bind=127.0.0.1', `-master.port=${master}`, `-volume.port=${volume}`, '-filer', `-filer.port=${filer}`, '-s3', `-s3.port=${s3}`, `-s3.config=${join(dir, 's3.json')}`, '-volume.max=4', '-master.volumeSizeLimitMB=64', '-metricsPort=0'];
  const { proc, log } = start(WEED, args, dir);
  const endpoint = `http://127.0.0.1:${s3}`;
  const bucket = 'jpsp-results';
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  await waitFor(
    'SeaweedFS S3',
    async () => {
      try {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
        return true;
      } catch (err) {
        return err?.name === 'BucketAlreadyOwnedByYou' || err?.name === 'BucketAlreadyExists';
      }
    },
    60_000,
    proc,
    log,
  );
  client.destroy();
  return {
    endpoint,
    bucket,
    accessKeyId,
    secretAccessKey,
    env: { JPSP_RESULT_STORE: `s3://${bucket}/jpsp`, AWS_ENDPOINT_URL_S3: endpoint, AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey },
    pid: () => proc.pid,
    async stop() {
      await stopProc(proc);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
