/**
 * The Tinypool worker. Runs one task at a time in a worker thread. Imports nothing from Nest:
 * only Node, the task's own run module, and plain helpers.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BroadcastChannel } from 'node:worker_threads';
import { ERROR_CODES, type ErrorCode } from '@jpsp/contracts';
import type { BinaryInputRef, TaskContext, TaskRunModule } from '../task-definitions/task-definition.js';
import { fetchBinary, FetchError } from '../inputs/fetch-binary.js';
import type { ChannelMessage, WorkerEvent, WorkerFile, WorkerJob, WorkerOutcome } from './worker-messages.js';

const FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const PROGRESS_MIN_INTERVAL_MS = 20;
const MAX_WARNINGS = 1000;

class ExitCalled extends Error {}
class QuotaExceeded extends Error {}

/** The task running in this thread (one at a time). */
let current: { taskId: string; channel: BroadcastChannel; controller: AbortController } | undefined;

function post(event: WorkerEvent): void {
  if (current) {
    current.channel.postMessage({ type: 'event', taskId: current.taskId, event } satisfies ChannelMessage);
  }
}

/** The pool's channel, opened once per thread (not per task). */
const channels = new Map<string, BroadcastChannel>();
function channelNamed(name: string): BroadcastChannel {
  let channel = channels.get(name);
  if (!channel) {
    channel = new BroadcastChannel(name);
    channel.onmessage = (m) => {
      const msg = (m as { data: ChannelMessage }).data;
      if (msg?.type === 'abort' && current && msg.taskId === current.taskId) {
        current.controller.abort();
      }
    };
    channel.unref();
    channels.set(name, channel);
  }
  return channel;
}

/** Run modules are imported once per thread, not once per task. */
const modules = new Map<string, Promise<TaskRunModule>>();
function runModule(url: string): Promise<TaskRunModule> {
  let mod = modules.get(url);
  if (!mod) {
    mod = import(url) as Promise<TaskRunModule>;
    modules.set(url, mod);
    mod.catch(() => modules.delete(url));
  }
  return mod;
}

// process.exit() inside a worker thread would end the thread under Tinypool's feet (which wedges
// its threads runtime): report it and let the main thread terminate and replace the worker.
process.exit = ((code?: number) => {
  post({ type: 'crash', code: 'WORKER_CRASHED', message: `The task called process.exit(${code ?? ''})` });
  throw new ExitCalled(`process.exit(${code ?? ''}) called`);
});

/** The task whose code is running: timers and promises keep it, so a late error names its origin. */
const origin = new AsyncLocalStorage<string>();

/**
 * An error thrown outside a task's promise crashes the task it came from. One that a finished
 * task left behind (a timer that fires after it returned) must not fail the task running now on
 * this thread: it is reported on stderr (JSON, with the finished task's id) and otherwise ignored.
 */
function crash(what: string, err: unknown): void {
  const from = origin.getStore();
  const message = `${what} in the task: ${(err as Error)?.message ?? String(err)}`;
  if (from !== undefined && from !== current?.taskId) {
    process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: 'error left behind by a finished task', taskId: from, error: message.slice(0, 500) })}\n`);
    return;
  }
  post({ type: 'crash', code: 'WORKER_CRASHED', message });
}
process.on('uncaughtException', (err) => crash('Uncaught exception', err));
process.on('unhandledRejection', (reason) => crash('Unhandled promise rejection', reason));

export default async function runJob(job: WorkerJob): Promise<WorkerOutcome> {
  const controller = new AbortController();
  current = { taskId: job.taskId, channel: channelNamed(job.channel), controller };
  const ctx = createContext(job, controller.signal);
  try {
    const mod = await runModule(job.runModule);
    const data = await origin.run(job.taskId, () => mod.run(job.input, ctx));
    ctx.flush();
    if (data !== undefined && !cloneable(data)) {
      // Tinypool would fail to post it (DataCloneError thrown outside any task): the job would
      // hang until its timeout. Fail it now with a message the task author can act on.
      return { ok: false, code: 'TASK_FAILED', message: 'The task returned a value that cannot be sent to the server (e.g. a function); return plain data' };
    }
    return data === undefined ? { ok: true, files: ctx.files, warnings: ctx.warnings } : { ok: true, data, files: ctx.files, warnings: ctx.warnings };
  } catch (err) {
    ctx.flush();
    return outcomeOf(err);
  } finally {
    current = undefined;
  }
}

function outcomeOf(err: unknown): WorkerOutcome {
  if (err instanceof ExitCalled) {
    return { ok: false, code: 'WORKER_CRASHED', message: 'The task called process.exit()' };
  }
  if (err instanceof QuotaExceeded) {
    return { ok: false, code: 'STORAGE_FULL', message: err.message };
  }
  if (err instanceof FetchError) {
    return { ok: false, code: 'TASK_FAILED', message: `Could not fetch an input: ${err.message}` };
  }
  const e = err as { code?: unknown; message?: unknown; details?: unknown } | undefined;
  const message = typeof e?.message === 'string' && e.message ? e.message : String(err);
  // A task may throw an error carrying one of the wire codes (e.g. VALIDATION_FAILED for input
  // that only the task can judge); anything else is TASK_FAILED with the task's own message.
  if (typeof e?.code === 'string' && (ERROR_CODES as readonly string[]).includes(e.code) && e.code !== 'INTERNAL') {
    return { ok: false, code: e.code as ErrorCode, message, details: safeDetails(e.details) };
  }
  return { ok: false, code: 'TASK_FAILED', message: message.slice(0, 2000) };
}

function cloneable(value: unknown): boolean {
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function safeDetails(details: unknown): unknown {
  try {
    return details === undefined ? undefined : structuredClone(details);
  } catch {
    return undefined;
  }
}

function createContext(job: WorkerJob, signal: AbortSignal): TaskContext & { flush(): void; files: WorkerFile[]; warnings: string[] } {
  const names = new Set<string>();
  const files: WorkerFile[] = [];
  const warnings: string[] = [];
  let written = 0;
  let lastSent = 0;
  let last: { percent: number; phase: string; message?: string } | undefined;
  let pending: { percent: number; phase: string; message?: string } | undefined;

  const send = (p: { percent: number; phase: string; message?: string }) => {
    lastSent = Date.now();
    last = p;
    pending = undefined;
    post({ type: 'progress', ...p });
  };

  return {
    files,
    warnings,
    taskId: job.taskId,
    signal,
    progress(percent, phase, message) {
      const p = {
        percent: Math.max(0, Math.min(100, Math.round(Number(percent) * 10) / 10 || 0)),
        phase: String(phase ?? '').slice(0, 64),
        ...(message === undefined ? {} : { message: String(message).slice(0, 500) }),
      };
      if (last && last.percent === p.percent && last.phase === p.phase && last.message === p.message) {
        return;
      }
      if (!last || last.phase !== p.phase || Date.now() - lastSent >= PROGRESS_MIN_INTERVAL_MS) {
        if (pending && pending.phase !== p.phase) {
          send(pending); // a phase's last word ("233 contributions in 21 sessions") is not dropped by the next phase
        }
        send(p);
      } else {
        pending = p;
      }
    },
    warn(message) {
      if (warnings.length < MAX_WARNINGS) {
        warnings.push(String(message).slice(0, 2000));
      }
    },
    async writeFile(name, bytes, mediaType) {
      if (typeof name !== 'string' || !FILE_NAME.test(name)) {
        throw new Error(`Invalid result file name ${JSON.stringify(name)}: use letters, digits, '.', '_' and '-'`);
      }
      if (names.has(name)) {
        throw new Error(`Result file ${name} written twice`);
      }
      const data = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
      if (written + data.byteLength > job.maxResultBytes) {
        throw new QuotaExceeded(`The task's results exceed the ${job.maxResultBytes}-byte limit of the temporary result area`);
      }
      written += data.byteLength;
      names.add(name);
      if (files.length === 0) {
        await mkdir(job.outDir, { recursive: true, mode: 0o700 });
      }
      await writeFile(join(job.outDir, name), data, { flag: 'wx' });
      const sha256 = createHash('sha256').update(data).digest('hex');
      files.push({ name, mediaType: String(mediaType || 'application/octet-stream').slice(0, 200), size: data.byteLength, sha256 });
    },
    fetchBinary(ref: BinaryInputRef) {
      return fetchBinary(ref, job.fetch, signal);
    },
    flush() {
      if (pending) {
        send(pending);
      }
    },
  };
}
