// Shared helpers of the benchmarks: process spawning, free ports, RSS, statistics.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_KEY = 'bench-key-0123456789abcdef0123';
export const TEST_TASKS = join(ROOT, 'apps/server/test/tasks/test-tasks.mjs');

/** One line of a benchmark's output on stdout (results and child-process JSON, not debugging). */
export function print(line = '') {
  process.stdout.write(`${line}\n`);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) {
    return NaN;
  }
  return n % 2 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

/** Nearest-rank percentile of unsorted values (p in 0..100). */
export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** Resident set size of a process in bytes (VmRSS), or its peak (VmHWM). */
export function rssOf(pid, field = 'VmRSS') {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

/** CPU time (user + system, all threads) a process has used so far, in ms. */
export function cpuMsOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] = utime, fields[12] = stime (clock ticks, 100 Hz on Linux)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export async function waitFor(check, timeoutMs, what) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) {
        return;
      }
    } catch (err) {
      if (err?.fatal) {
        throw err;
      }
      // not yet
    }
    if (Date.now() > until) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await sleep(50);
  }
}

/**
 * A command line that raises the open-file limit when it is below `fds` (to `fds`, or as far as
 * the hard limit allows) before exec'ing node: 10,000 sockets need more than the usual soft limit
 * of 1,024. The pid stays node's (exec).
 */
export function withFdLimit(args, fds) {
  if (!fds) {
    return { cmd: process.execPath, args };
  }
  const script =
    `cur="$(ulimit -n)"; if [ "$cur" != unlimited ] && [ "$cur" -lt ${Number(fds)} ]; then ` +
    `ulimit -n ${Number(fds)} 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null; fi; exec "$0" "$@"`;
  return { cmd: '/bin/sh', args: ['-c', script, process.execPath, ...args] };
}

/**
 * Starts the built task server (apps/server/dist/main.js) on a free loopback port with the test
 * tasks, its logs in a file of a temp dir. `nodeArgs` e.g. ['--cpu-prof', '--cpu-prof-dir=…'].
 */
export async function startServer({ env = {}, nodeArgs = [], main = join(ROOT, 'apps/server/dist/main.js'), fds } = {}) {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'jpsp-bench-'));
  const logFile = join(dir, 'server.log');
  const logFd = openSync(logFile, 'w');
  const command = withFdLimit([...nodeArgs, main], fds);
  const child = spawn(command.cmd, command.args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: String(port),
      HOST: '127.0.0.1',
      JPSP_API_KEYS: BENCH_KEY,
      JPSP_EXTRA_TASKS: TEST_TASKS,
      JPSP_TEMP_DIR: join(dir, 'results'),
      ...env,
    },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (exited) {
      throw Object.assign(new Error('server exited'), { fatal: true });
    }
    const res = await fetch(`${url}/health`);
    return res.ok;
  }, 30_000, 'the server to listen').catch((err) => {
    throw new Error(`${err.message}\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
  });
  return {
    url,
    port,
    pid: child.pid,
    child,
    dir,
    logFile,
    async stop() {
      await stopChild(child, 15_000);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** SIGTERM, then SIGKILL if the child has not exited within `graceMs`; resolves once it has exited. */
export async function stopChild(child, graceMs) {
  const running = () => child.exitCode === null && child.signalCode === null;
  if (!running()) {
    return;
  }
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([done, sleep(graceMs)]);
  if (running()) {
    child.kill('SIGKILL');
    await done;
  }
}

/** Runs a Node script as a child process and returns the JSON it prints last on stdout. */
export function runJsonChild(script, args = [], { env = {}, nodeArgs = [], timeoutMs = 120_000 } = {}) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (code !== 0 || !line) {
        reject(new Error(`${script} ${args.join(' ')} exited with ${code ?? signal}\n${err.slice(-3000)}${out.slice(-1000)}`));
        return;
      }
      resolveRun(JSON.parse(line));
    });
  });
}

/**
 * The dispatch measure the three contenders share; `one()` runs one task to its completion.
 * Throughput: `warmup` tasks, then `rounds` rounds of `tasks` with `window` in flight (tasks/s per
 * round, median). Latency: one task in flight for `latencyMs` (tinybench, p50/p99). `rounds.before`
 * and `rounds.after` bracket the timed rounds (e.g. to read CPU use).
 */
export async function measureDispatch(name, one_, { tasks, window, rounds, warmup, latencyMs }, hooks = {}) {
  let calls = 0;
  const one = () => (calls++, one_());
  const many = async (n) => {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: window }, async () => {
        while (next++ < n) {
          await one();
        }
      }),
    );
    return n / ((performance.now() - t0) / 1000);
  };
  await many(warmup);
  hooks.before?.();
  const perRound = [];
  for (let r = 0; r < rounds; r++) {
    perRound.push(await many(tasks));
  }
  hooks.after?.();
  const bench = new Bench({ time: latencyMs, warmupTime: 300, throws: true });
  bench.add(name, one);
  await bench.run();
  const lat = bench.tasks[0].result.latency;
  return { tasksPerSec: median(perRound), perRound, p50: lat.p50, p99: lat.p99, samples: lat.samplesCount, calls };
}
