// A throw-away local Redis for the BullMQ comparison: free port, temp dir, no persistence.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, sleep, waitFor } from './common.mjs';

export const REDIS_SERVER = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

function ping(port) {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    s.on('data', (d) => {
      s.destroy();
      resolve(d.toString().startsWith('+PONG'));
    });
    s.on('error', () => resolve(false));
  });
}

export async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'jpsp-bench-redis-'));
  const child = spawn(REDIS_SERVER, ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  let exited = false;
  let failure;
  child.on('exit', () => (exited = true));
  child.on('error', (err) => {
    exited = true;
    failure = err;
  });
  try {
    await waitFor(async () => {
      if (exited) {
        throw Object.assign(new Error(`redis-server (${REDIS_SERVER}) ${failure ? `could not start: ${failure.code ?? failure.message}` : 'exited'}`), { fatal: true });
      }
      return ping(port);
    }, 10_000, 'redis-server');
  } catch (err) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  const version = await new Promise((resolve) => {
    const c = spawn(REDIS_SERVER, ['--version']);
    let out = '';
    c.stdout.on('data', (d) => (out += d));
    c.on('exit', () => resolve(/v=(\S+)/.exec(out)?.[1] ?? '?'));
  });
  return {
    port,
    pid: child.pid,
    version,
    async stop() {
      if (!exited) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([done, sleep(5_000)]);
        if (!exited) {
          child.kill('SIGKILL');
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
