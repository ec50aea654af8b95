import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ErrorCode, type ResultFile } from '@jpsp/contracts';
import type { Logger } from 'pino';
import { TaskError } from '../common/task-error.js';
import type { WorkerFile } from '../executor/worker-messages.js';
import { AreaLock, LOCK_FILE } from './area-lock.js';

const MARKER = '.jpsp-temp-root';
const TOMBSTONE_MAX = 10_000;
const TOMBSTONE_TTL_MS = 24 * 60 * 60_000;

export interface ResultStoreOptions {
  root: string;
  ttlMs: number;
  sweepIntervalMs: number;
  quotaBytes: number;
  maxResultBytes: number;
}

interface Published {
  taskId: string;
  dir: string;
  files: Map<string, WorkerFile>;
  bytes: number;
  expiresAt: number;
}

export type FileLookup =
  | { status: 'ok'; path: string; file: WorkerFile }
  | { status: 'expired' }
  | { status: 'missing' };

/**
 * The temporary result area: one directory per task, files published under an unguessable token
 * (256 bits) until they expire, a sweeper that deletes expired ones, a total-size quota.
 */
export class ResultStore {
  private readonly published = new Map<string, Published>();
  /** token → expiry time, kept for a day so an expired URL answers 410 rather than 404. */
  private readonly tombstones = new Map<string, number>();
  /** Bytes promised to running tasks (their write budget), released when they end. */
  private reserved = 0;
  /** Discards in flight (their budgets are released when the files are gone). */
  private deleting = 0;
  private used = 0;
  private sweeper?: NodeJS.Timeout;
  private readonly lock: AreaLock;

  constructor(
    private readonly options: ResultStoreOptions,
    private readonly log: Logger,
    private readonly onExpire: (taskId: string) => void = () => undefined,
  ) {
    this.lock = new AreaLock(options.root);
  }

  /**
   * Takes the area's lock (refused while another live server holds it), wipes what a previous
   * life left (only if the area is ours or empty) and starts the sweeper.
   */
  async init(): Promise<void> {
    const { root } = this.options;
    await mkdir(root, { recursive: true, mode: 0o700 });
    const entries = await readdir(root);
    if (entries.length > 0 && !existsSync(join(root, MARKER))) {
      throw new Error(`JPSP_TEMP_DIR ${root} is not empty and was not created by JPSP-NG: refusing to wipe it`);
    }
    this.lock.acquire();
    await Promise.all(entries.filter((e) => e !== MARKER && e !== LOCK_FILE).map((e) => rm(join(root, e), { recursive: true, force: true })));
    const stale = entries.filter((e) => e !== MARKER && e !== LOCK_FILE).length;
    if (stale > 0) {
      this.log.info({ removed: stale }, 'removed stale temporary files');
    }
    await writeFile(join(root, MARKER), 'Temporary results of JPSP-NG; wiped at every start.\n');
    this.sweeper = setInterval(() => void this.sweep(), this.options.sweepIntervalMs);
    this.sweeper.unref();
  }

  /**
   * Reserves a write budget and names the task's directory (the worker creates it on its first
   * write). Throws STORAGE_FULL when no room is left.
   */
  allocate(taskId: string): { dir: string; budget: number } {
    const budget = Math.min(this.options.maxResultBytes, this.free());
    if (budget <= 0) {
      throw new TaskError(ErrorCode.STORAGE_FULL, 'The temporary result area is full; retry when older results have expired');
    }
    this.reserved += budget;
    return { dir: join(this.options.root, taskId), budget };
  }

  /**
   * Checked at submit: whether the published results leave `reserveBytes` free for the new task,
   * and if not, when the next result expires (a hint for `Retry-After`). Only published results
   * count: budgets reserved by running tasks are released when they end (maxThreads ×
   * JPSP_MAX_RESULT_BYTES may well exceed the quota), so a new task waits in the queue for them
   * (`canAllocate`) instead of being refused.
   */
  roomAtSubmit(reserveBytes: number, now = Date.now()): { ok: true } | { ok: false; freeBytes: number; retryAfterMs: number } {
    const freeBytes = this.options.quotaBytes - this.used;
    if (freeBytes >= Math.min(reserveBytes, this.options.quotaBytes)) {
      return { ok: true };
    }
    let next = Infinity;
    for (const entry of this.published.values()) {
      next = Math.min(next, entry.expiresAt);
    }
    const retryAfterMs = Number.isFinite(next) ? Math.max(1000, next - now + this.options.sweepIntervalMs) : this.options.ttlMs;
    return { ok: false, freeBytes: Math.max(0, freeBytes), retryAfterMs };
  }

  /** True when a task could start now and get a write budget. */
  canAllocate(): boolean {
    return this.free() > 0;
  }

  /** Turns a finished task's files into downloadable, expiring URLs. Releases its reservation. */
  publish(taskId: string, dir: string, budget: number, files: WorkerFile[], baseUrl: string): ResultFile[] {
    this.release(budget);
    if (files.length === 0) {
      // Nothing to download and no directory (the worker creates it on its first write): no token.
      return [];
    }
    const token = randomBytes(32).toString('base64url');
    const bytes = files.reduce((n, f) => n + f.size, 0);
    const expiresAt = Date.now() + this.options.ttlMs;
    this.used += bytes;
    this.published.set(token, { taskId, dir, files: new Map(files.map((f) => [f.name, f])), bytes, expiresAt });
    const expires = new Date(expiresAt).toISOString();
    return files.map((f) => ({ ...f, url: `${baseUrl}/files/${token}/${encodeURIComponent(f.name)}`, expiresAt: expires }));
  }

  /** Releases the reservation of a task that wrote nothing (the worker made no directory). */
  release(budget: number): void {
    this.reserved -= budget;
  }

  /** Drops a task's directory (failed, cancelled) and releases its reservation. */
  async discard(dir: string, budget: number): Promise<void> {
    // The budget is released only once the files are gone, so the directory never holds more
    // than the quota while a deletion is in flight.
    this.deleting++;
    try {
      await rm(dir, { recursive: true, force: true });
    } finally {
      this.deleting--;
      this.reserved -= budget;
    }
  }

  /** True while a discarded task's files are being deleted (its budget is still held). */
  isDeleting(): boolean {
    return this.deleting > 0;
  }

  lookup(token: string, name: string): FileLookup {
    const entry = this.published.get(token);
    if (!entry) {
      return this.tombstones.has(token) ? { status: 'expired' } : { status: 'missing' };
    }
    if (entry.expiresAt <= Date.now()) {
      void this.expire(token, entry);
      return { status: 'expired' };
    }
    const file = entry.files.get(name);
    return file ? { status: 'ok', path: join(entry.dir, file.name), file } : { status: 'missing' };
  }

  /** Deletes every expired result; runs on an interval and can be called directly. */
  async sweep(): Promise<void> {
    const now = Date.now();
    const expired = [...this.published].filter(([, e]) => e.expiresAt <= now);
    await Promise.all(expired.map(([token, e]) => this.expire(token, e)));
    for (const [token, at] of this.tombstones) {
      if (at + TOMBSTONE_TTL_MS < now) {
        this.tombstones.delete(token);
      }
    }
  }

  usage(): { usedBytes: number; reservedBytes: number; quotaBytes: number; results: number } {
    return { usedBytes: this.used, reservedBytes: this.reserved, quotaBytes: this.options.quotaBytes, results: this.published.size };
  }

  /** Stops the sweeper and releases the area (its results stay until the next start wipes them). */
  close(): void {
    clearInterval(this.sweeper);
    this.lock.release();
  }

  private free(): number {
    return this.options.quotaBytes - this.used - this.reserved;
  }

  private async expire(token: string, entry: Published): Promise<void> {
    if (!this.published.delete(token)) {
      return;
    }
    this.tombstones.set(token, entry.expiresAt);
    if (this.tombstones.size > TOMBSTONE_MAX) {
      this.tombstones.delete(this.tombstones.keys().next().value as string);
    }
    this.onExpire(entry.taskId);
    try {
      await rm(entry.dir, { recursive: true, force: true });
      this.log.debug({ taskId: entry.taskId }, 'result expired and deleted');
    } catch (err) {
      this.log.error({ err, taskId: entry.taskId }, 'could not delete an expired result');
    } finally {
      this.used -= entry.bytes; // counted until the files are really gone
    }
  }
}
