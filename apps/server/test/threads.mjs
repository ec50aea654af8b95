// The server process's threads seen from outside (/proc/<pid>), for the suites and the stress run
// that check workers start, stop and are not leaked. Plain ES module: the stress run imports it too.
import { readdirSync, readFileSync } from 'node:fs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** How many threads the process has now. */
export function threadCount(pid) {
  const m = /^Threads:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : Number.NaN;
}

/** Ids of the process's threads: a replaced worker shows up as a new id. */
export function threadIds(pid) {
  return readdirSync(`/proc/${pid}/task`).sort();
}

/** The thread count once it has not changed for `quietMs` (threads start and stop asynchronously). */
export async function settledThreads(pid, quietMs = 400, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  let last = threadCount(pid);
  let since = Date.now();
  while (Date.now() < until) {
    await sleep(50);
    const now = threadCount(pid);
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return now;
    }
  }
  return last;
}

/** Polls until the thread count is at most `want` (or the time is up); returns the last count seen. */
export async function threadsDownTo(pid, want, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  let now = threadCount(pid);
  while (now > want && Date.now() < until) {
    await sleep(50);
    now = threadCount(pid);
  }
  return now;
}
