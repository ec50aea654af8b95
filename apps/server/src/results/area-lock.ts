import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';

export const LOCK_FILE = '.jpsp-lock';

/** Who holds a result area: enough to tell a live holder from a dead one on the same host. */
interface Holder {
  pid: number;
  host: string;
  /** The process's start time in clock ticks since boot (`/proc/<pid>/stat` field 22): tells a reused pid apart. */
  started: string | null;
  since: string;
}

/**
 * A pid lock on the result area: a server owns the area (and may wipe it) only while it holds
 * `<root>/.jpsp-lock`. A second server on the same area is refused while the holder lives; a lock
 * left by a dead process (crash, kill -9) is taken over at once.
 *
 * Hand-written (~60 lines) rather than `proper-lockfile`: that library tells a dead holder by the
 * age of the lock (10 s by default, refreshed by a timer), so a server restarted right after a
 * crash — what a process manager does — would be refused for up to 10 s; the holder's pid and its
 * start time tell it at once.
 */
export class AreaLock {
  private held = false;
  private readonly path: string;
  private readonly me: Holder;

  constructor(root: string) {
    this.path = join(root, LOCK_FILE);
    this.me = { pid: process.pid, host: hostname(), started: startTimeOf(process.pid), since: new Date().toISOString() };
  }

  /** Takes the lock or throws a message that names the live holder. */
  acquire(): void {
    const mine = JSON.stringify(this.me);
    try {
      writeFileSync(this.path, mine, { flag: 'wx', mode: 0o600 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw err;
      }
      this.takeOver(mine);
    }
    this.held = true;
  }

  /** The lock exists: refuse if its holder lives, else replace it. */
  private takeOver(mine: string): void {
    const holder = this.read();
    if (holder && isAlive(holder)) {
      throw new Error(describe(holder, this.path));
    }
    // A dead holder's lock: replace it atomically (rename over it), then check that no other
    // starter replaced it in the same instant; the last rename wins and the others refuse.
    const tmp = `${this.path}.${process.pid}`;
    writeFileSync(tmp, mine, { mode: 0o600 });
    renameSync(tmp, this.path);
    const now = this.read();
    if (now?.pid !== this.me.pid || now.host !== this.me.host) {
      throw new Error(now ? describe(now, this.path) : `could not take the lock ${this.path}`);
    }
  }

  /** Releases the lock (only if this process holds it). */
  release(): void {
    if (this.held && this.read()?.pid === this.me.pid) {
      rmSync(this.path, { force: true });
    }
    this.held = false;
  }

  private read(): Holder | undefined {
    try {
      const h = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<Holder>;
      return typeof h.pid === 'number' && typeof h.host === 'string' ? (h as Holder) : undefined;
    } catch {
      return undefined; // unreadable or half-written: treated as stale
    }
  }
}

function isAlive(h: Holder): boolean {
  if (h.host !== hostname()) {
    return true; // another machine sharing the directory: we cannot tell, so we never take it
  }
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
  const started = startTimeOf(h.pid);
  return h.started === null || started === null || started === h.started;
}

function startTimeOf(pid: number): string | null {
  try {
    // Field 22 of /proc/<pid>/stat; the command name (field 2) may hold spaces, so count after ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null; // no procfs (not Linux): the pid alone decides
  }
}

function describe(h: Holder, path: string): string {
  const where = h.host === hostname() ? `pid ${h.pid}` : `pid ${h.pid} on ${h.host}`;
  return (
    `JPSP_TEMP_DIR ${dirname(path)} is in use by another JPSP-NG server (${where}, since ${h.since}): give this server ` +
    `a directory of its own with JPSP_TEMP_DIR. (If that server is gone for good, delete ${path}.)`
  );
}
