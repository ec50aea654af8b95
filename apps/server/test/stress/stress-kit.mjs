// The stress run's parts (run.mjs): its report (checks and table rows), the server it starts (the
// built dist/main.js on an ephemeral port) and the client and /proc helpers of its phases.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';

export const print = (line = '') => process.stdout.write(`${line}\n`);

const here = (rel) => fileURLToPath(new URL(rel, import.meta.url));
const MAIN = here('../../dist/main.js');
const TEST_TASKS = here('../tasks/test-tasks.mjs');
export const FIXTURE = here('../../../../libs/booklet/test/fixtures/jacow-fel2022-event-44-detail-sessions.json');
const KEY = 'stress-key-0123456789abcdef';
export const MiB = 1024 * 1024;

export const rows = [];
let failures = 0;
export function check(phase, what, ok, detail = '') {
  if (!ok) {
    failures++;
    process.stderr.write(`  ✗ [${phase}] ${what} ${detail}\n`);
  }
  return ok;
}
export function row(phase, what, count, outcome, ms) {
  rows.push({ phase, what, count, outcome, time: ms === undefined ? '' : `${(ms / 1000).toFixed(1)} s` });
  print(`  ${phase.padEnd(7)} ${what.padEnd(46)} ${String(count).padStart(6)}  ${outcome}`);
}

/** Checks failed so far. */
export const failureCount = () => failures;

// --- server and client helpers ------------------------------------------------------------------

export async function startServer(env) {
  const tempDir = mkdtempSync(join(tmpdir(), 'jpsp-stress-'));
  const proc = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', JPSP_API_KEYS: KEY, JPSP_EXTRA_TASKS: TEST_TASKS, JPSP_TEMP_DIR: join(tempDir, 'results'), JPSP_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs = [];
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start:\n${logs.join('\n')}`));
    }, 30_000);
    for (const stream of [proc.stdout, proc.stderr]) {
      let buf = '';
      stream.on('data', (chunk) => {
        buf += chunk;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (logs.length < 10_000) {
            logs.push(line);
          }
          const m = /"url":"([^"]+)","port"/.exec(line);
          if (m && line.includes('"msg":"listening"')) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        }
      });
    }
    proc.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`)));
  });
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  return {
    url,
    proc,
    logs,
    dir: join(tempDir, 'results'),
    async stop() {
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(t);
      rmSync(tempDir, { recursive: true, force: true });
    },
  };
}

export function connect(url, extra = {}) {
  return io(url, { auth: { apiKey: KEY }, transports: ['websocket'], reconnection: false, forceNew: true, ...extra });
}
export function connected(socket) {
  return socket.connected
    ? Promise.resolve(socket)
    : new Promise((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
}
export const ack = (socket, event, payload, ms = 120_000) => socket.timeout(ms).emitWithAck(event, payload);
export const isDone = (s) => s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled';
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Submits and resolves with the terminal snapshot (updates, plus one subscribe for a race-free start). */
export async function runTask(socket, task, input, options) {
  const a = await ack(socket, 'task:submit', { task, input, ...(options ? { options } : {}) });
  if (!a.ok) {
    return { rejected: a.error };
  }
  if (isDone(a.data)) {
    return a.data;
  }
  const done = new Promise((resolve) => {
    const on = (s) => {
      if (s.taskId === a.data.taskId && isDone(s)) {
        socket.off('task:update', on);
        resolve(s);
      }
    };
    socket.on('task:update', on);
  });
  const now = await ack(socket, 'task:subscribe', { taskId: a.data.taskId });
  return now.ok && isDone(now.data) ? now.data : done;
}

export async function mapLimit(items, limit, fn) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        out[i] = await fn(items[i], i);
      }
    }),
  );
  return out;
}


const procStatus = (pid, field) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN);
export const rssBytes = (pid) => procStatus(pid, 'VmRSS') * 1024;

export function sampleRss(pid) {
  let peak = 0;
  let stopped = false;
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      stopped = true;
    }
  }, 200);
  return {
    stop() {
      clearInterval(timer);
      return stopped ? NaN : Math.max(peak, rssBytes(pid));
    },
  };
}

export function filesBelow(dir, rel = '') {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const r = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      out.push(`${r}/`, ...filesBelow(join(dir, entry.name), r));
    } else if (r !== '.jpsp-temp-root' && r !== '.jpsp-lock') {
      out.push(r);
    }
  }
  return out;
}

export async function download(file) {
  const res = await fetch(file.url);
  const body = Buffer.from(await res.arrayBuffer());
  return res.status === 200 && body.length === file.size && createHash('sha256').update(body).digest('hex') === file.sha256;
}

export function percentiles(values) {
  const s = [...values].sort((x, y) => x - y);
  const p = (q) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN;
  return { p50: p(0.5), p90: p(0.9), p99: p(0.99), max: s.at(-1) ?? NaN };
}
export const fmtMs = (v) => `${(v / 1000).toFixed(2)} s`;
