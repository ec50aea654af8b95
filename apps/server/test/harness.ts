import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents, TaskSnapshot } from '@jpsp/contracts';

export const KEY_A = 'test-key-a-0123456789abcdef';
export const KEY_B = 'test-key-b-0123456789abcdef';
export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
export const TEST_TASKS = fileURLToPath(new URL('./tasks/test-tasks.mjs', import.meta.url));

export type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  proc: ChildProcess;
  tempDir: string;
  /** Every stdout/stderr line so far. */
  logs: string[];
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the real built server (node dist/main.js) on an ephemeral port with test tasks. A
 * variable given as `undefined` is left unset (the server's default applies).
 */
export async function startTestServer(env: Record<string, string | undefined> = {}, args: string[] = []): Promise<TestServer> {
  const tempDir = mkdtempSync(join(tmpdir(), 'jpsp-test-'));
  const vars: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '',
    PORT: '0',
    HOST: '127.0.0.1',
    JPSP_API_KEYS: `${KEY_A},${KEY_B}`,
    JPSP_EXTRA_TASKS: TEST_TASKS,
    JPSP_TEMP_DIR: join(tempDir, 'results'),
    JPSP_MAX_THREADS: '2',
    JPSP_LOG_LEVEL: 'info',
    ...env,
  };
  const proc = spawn(process.execPath, [MAIN, ...args], {
    env: Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => e[1] !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL'); // never leave a half-started server behind
      reject(new Error(`server did not start:\n${logs.join('\n')}`));
    }, 20_000);
    const onLine = (line: string) => {
      logs.push(line);
      if (line.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    };
    for (const stream of [proc.stdout, proc.stderr]) {
      let buf = '';
      stream?.on('data', (chunk: Buffer) => {
        buf += chunk.toString('utf8');
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
    }
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  return {
    url,
    proc,
    tempDir,
    logs,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill(signal);
      }
      const timer = setTimeout(() => proc.kill('SIGKILL'), 15_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** `apiKey: null` connects without any key. */
export function connect(url: string, apiKey: string | null = KEY_A, extra: Parameters<typeof io>[1] = {}): Client {
  return io(url, { auth: apiKey === null ? {} : { apiKey }, transports: ['websocket'], reconnection: false, forceNew: true, ...extra });
}

export async function connected(client: Client): Promise<Client> {
  if (client.connected) {
    return client;
  }
  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve());
    client.once('connect_error', (err) => reject(err));
  });
  return client;
}

export function emitAck<T = TaskSnapshot>(client: Client, event: string, payload?: unknown, timeoutMs = 10_000): Promise<Ack<T>> {
  return (client.timeout(timeoutMs) as unknown as { emitWithAck(e: string, p: unknown): Promise<Ack<T>> }).emitWithAck(event, payload);
}

export function okData<T>(ack: Ack<T>): T {
  if (!ack.ok) {
    throw new Error(`expected ok ack, got ${JSON.stringify(ack.error)}`);
  }
  return ack.data;
}

/** Resolves with the first `task:update` of that task matching the predicate. */
export function waitForUpdate(client: Client, taskId: string, pred: (s: TaskSnapshot) => boolean, timeoutMs = 20_000): Promise<TaskSnapshot> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      client.off('task:update', on);
      reject(new Error(`no matching task:update for ${taskId} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (s: TaskSnapshot) => {
      if (s.taskId === taskId && pred(s)) {
        clearTimeout(timer);
        client.off('task:update', on);
        resolve(s);
      }
    };
    client.on('task:update', on);
  });
}

export const isDone = (s: TaskSnapshot) => s.status === 'completed' || s.status === 'failed' || s.status === 'cancelled';

/** The socket without the typed event map: for payloads the contract forbids on purpose. */
export const raw = (c: Client) => c as unknown as { emit(event: string, ...args: unknown[]): void };

/** Submits over Socket.IO and waits for the terminal snapshot. */
export async function runTask(client: Client, task: string, input: unknown, options?: unknown, timeoutMs = 30_000): Promise<TaskSnapshot> {
  const ack = await emitAck(client, 'task:submit', { task, input, ...(options ? { options } : {}) });
  const snap = okData(ack);
  if (isDone(snap)) {
    return snap;
  }
  const done = waitForUpdate(client, snap.taskId, isDone, timeoutMs);
  // The task may have finished between the ack and the listener: ask once.
  const now = okData(await emitAck(client, 'task:subscribe', { taskId: snap.taskId }));
  return isDone(now) ? now : done;
}

/** Polls `check` every 50 ms until it holds; fails after `timeoutMs` (generous: a bound, not a timing). */
export async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) {
      throw new Error(`timed out waiting for: ${what}`);
    }
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** A small valid bare Indico event (one day, nothing scheduled): the booklet input of tests that need any event. */
export function tinyEvent(): Record<string, unknown> {
  return {
    _type: 'Conference',
    id: '1',
    title: 'Tiny Conference',
    timezone: 'Europe/Rome',
    startDate: { date: '2026-05-04', time: '09:00:00', tz: 'Europe/Rome' },
    endDate: { date: '2026-05-04', time: '18:00:00', tz: 'Europe/Rome' },
    sessions: [],
    contributions: [],
  };
}

/** A server and one connected client per key (KEY_A, KEY_B); `close()` ends them all. */
export async function startWithTwoKeys(env: Record<string, string | undefined> = {}): Promise<{ server: TestServer; a: Client; b: Client; close: () => Promise<void> }> {
  const server = await startTestServer(env);
  const a = await connected(connect(server.url, KEY_A));
  const b = await connected(connect(server.url, KEY_B));
  return {
    server,
    a,
    b,
    close: async () => {
      a.close();
      b.close();
      await server.stop();
    },
  };
}
