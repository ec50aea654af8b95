import { ErrorCode, type ErrorBody } from '@jpsp/contracts';
import { fetchBinary, type FetchLimits } from '../inputs/fetch-binary.js';
import type { FanOutSpec } from '../task-definitions/task-definition.js';
import type { Execution, ExecutionOutcome, ExecutionRequest, TaskExecutor } from './task-executor.js';

/** What the merge job (the definition's `runModule`) receives as its input. */
export interface FanOutMergeInput<I = unknown, R = unknown> {
  input: I;
  results: R[];
}

interface Ready {
  index: number;
  bytes?: Uint8Array;
}

/**
 * Runs a fan-out task as one `Execution`: its cancel, timeout and outcome behave as a plain
 * task's. At most `capacity` children are in the pool at once (other tasks' jobs interleave with
 * them in the pool's queue, so a booklet submitted during a 1,500-paper check waits one child, not
 * the whole check), and at most `fetchConcurrency + capacity` fetched files are held in memory.
 */
/**
 * Where the children run when not in this node's pool (cluster mode: a BullMQ queue every node
 * serves). `fetchInChild`: each child fetches its own file (on whichever node runs it) instead of
 * the parent's main thread handing it the bytes.
 */
export interface ChildPlacement {
  executor: TaskExecutor;
  fetchInChild: boolean;
}

export function startFanOut(executor: TaskExecutor, spec: FanOutSpec, req: ExecutionRequest, fetchLimits: FetchLimits, placement?: ChildPlacement): Execution {
  const childExecutor = placement?.executor ?? executor;
  const items = spec.items(req.input);
  const total = items.length;
  const results: unknown[] = new Array(total);
  const controller = new AbortController();
  const running = new Map<number, Execution>();
  let stopError: ErrorBody | undefined;
  let merge: Execution | undefined;
  let next = 0;
  let fetching = 0;
  let fetched = 0;
  let done = 0;
  const ready: Ready[] = [];
  const started = Date.now();

  let settle!: (outcome: ExecutionOutcome) => void;
  const outcome = new Promise<ExecutionOutcome>((resolve) => (settle = resolve));

  const timer = setTimeout(
    () => abort({ code: ErrorCode.TIMEOUT, message: `The task exceeded its timeout of ${req.timeoutMs} ms and was stopped` }),
    req.timeoutMs,
  );
  timer.unref();

  const report = () => req.onEvent({ type: 'progress', ...spec.progress(done, fetched, total) });

  const finishItem = (index: number, result: unknown) => {
    results[index] = result;
    done++;
    report();
    pump();
  };

  function pump(): void {
    if (stopError) {
      if (running.size === 0 && fetching === 0) {
        end({ ok: false, error: stopError });
      }
      return;
    }
    // Fetch ahead, but hold at most fetchConcurrency + capacity files.
    while (next < total && fetching < spec.fetchConcurrency && fetching + ready.length < spec.fetchConcurrency + childExecutor.capacity) {
      const index = next++;
      const item = items[index];
      if (!item.binary || placement?.fetchInChild) {
        fetched++;
        ready.push({ index });
        continue;
      }
      fetching++;
      fetchBinary(item.binary, fetchLimits, controller.signal).then(
        (bytes) => {
          fetching--;
          fetched++;
          ready.push({ index, bytes });
          pump();
        },
        (err: unknown) => {
          fetching--;
          fetched++;
          if (!stopError) {
            finishItem(index, spec.failedItem(item, `Could not download the file: ${(err as Error).message}`));
          } else {
            pump();
          }
        },
      );
    }
    while (ready.length > 0 && running.size < childExecutor.capacity) {
      runChild(ready.shift() as Ready);
    }
    if (done === total && !merge) {
      runMerge();
    }
  }

  function runChild({ index, bytes }: Ready): void {
    const item = items[index];
    const child = childExecutor.start({
      taskId: `${req.taskId}:${index}`,
      runModule: spec.childModule,
      input: bytes ? { item: item.input, bytes } : placement?.fetchInChild && item.binary ? { item: item.input, binary: item.binary } : { item: item.input },
      // A child writes no file: its quota is zero and its directory is never created.
      outDir: `${req.outDir}.child`,
      maxResultBytes: 0,
      timeoutMs: spec.childTimeoutMs,
      onEvent: () => undefined,
    });
    running.set(index, child);
    child.outcome.then(
      (out) => {
        running.delete(index);
        if (stopError) {
          pump();
        } else if (out.ok) {
          finishItem(index, out.data);
        } else {
          finishItem(index, spec.failedItem(item, out.error.message));
        }
      },
      (err: unknown) => {
        running.delete(index);
        finishItem(index, spec.failedItem(item, (err as Error)?.message ?? String(err)));
      },
    );
  }

  function runMerge(): void {
    const input: FanOutMergeInput = { input: req.input, results };
    merge = executor.start({ ...req, input, timeoutMs: Math.max(1, req.timeoutMs - (Date.now() - started)) });
    merge.outcome.then(end, (err: unknown) => end({ ok: false, error: { code: ErrorCode.INTERNAL, message: `Executor failure: ${(err as Error)?.message}` } }));
  }

  function end(out: ExecutionOutcome): void {
    clearTimeout(timer);
    settle(out);
  }

  function abort(error: ErrorBody): void {
    if (stopError) {
      return;
    }
    stopError = error;
    controller.abort();
    ready.length = 0;
    if (merge) {
      merge.abort(error);
      return;
    }
    for (const child of running.values()) {
      child.abort(error);
    }
    pump();
  }

  if (total === 0) {
    runMerge();
  } else {
    report();
    pump();
  }
  return { outcome, abort };
}
