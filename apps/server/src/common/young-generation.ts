import { setFlagsFromString } from 'node:v8';

/** V8's default factor by which the young generation (the nursery) grows, up to its maximum. */
const V8_DEFAULT_GROWTH = 2;
/** How long nothing must run before the nursery stops growing again (no toggling between tasks). */
const YOUNG_GENERATION_SETTLE_MS = 1_000;

/**
 * Keeps V8's young generation at its initial size (1 MB semi-spaces) while no task runs, and lets
 * it grow (V8's default, up to 16 MB semi-spaces) while tasks do.
 *
 * A bigger nursery pays when the main thread dispatches thousands of tasks a second: fewer
 * scavenges (measured: a 2 MB cap costs 15 % of dispatch throughput). Idle, it costs memory that
 * V8 gives back only after a long quiet spell: starting Nest alone grew it to 32 MB, and 10,000
 * connections opening did too. Idle sockets are long-lived objects: they are promoted anyway.
 *
 * `--semi-space-growth-factor` is read by V8 each time it considers growing the nursery, so
 * setting it at run time takes effect at once. V8 flags are process-wide: workers follow the main
 * thread, which is busy whenever a worker runs a task.
 */
export class YoungGeneration {
  private growing = true;
  private settle?: NodeJS.Timeout;

  constructor(private readonly settleMs = YOUNG_GENERATION_SETTLE_MS) {
    this.setGrowing(false);
  }

  /** A task started: let the nursery grow. */
  busy(): void {
    clearTimeout(this.settle);
    this.settle = undefined;
    this.setGrowing(true);
  }

  /** Nothing runs any more: stop growing once that has lasted `settleMs`. */
  idle(): void {
    this.settle ??= setTimeout(() => {
      this.settle = undefined;
      this.setGrowing(false);
    }, this.settleMs).unref();
  }

  /** Back to V8's default (at shutdown). */
  release(): void {
    clearTimeout(this.settle);
    this.settle = undefined;
    this.setGrowing(true);
  }

  private setGrowing(growing: boolean): void {
    if (growing !== this.growing) {
      this.growing = growing;
      setFlagsFromString(`--semi-space-growth-factor=${growing ? V8_DEFAULT_GROWTH : 1}`);
    }
  }
}

/**
 * The server's one instance. Created when this module is first evaluated, which `main.ts` makes
 * its first import: loading Nest and its modules alone would otherwise grow the nursery to 32 MB.
 */
export const youngGeneration = new YoungGeneration();
