// Runs inside the server's worker thread. Waits in progress steps (so that a test can act
// "mid-run"), then builds the booklet with the real abstract-booklet run module of the server build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REAL = new URL('../../apps/server/dist/task-definitions/abstract-booklet/abstract-booklet.run.js', import.meta.url);

export async function runBooklet(input, ctx, { steps, stepMs }) {
  for (let i = 0; i < steps; i++) {
    ctx.signal.throwIfAborted();
    ctx.progress(Math.round((i / steps) * 50), 'e2e-wait', `waiting, step ${i + 1} of ${steps}`);
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
  if (!existsSync(fileURLToPath(REAL))) {
    // No silent stand-in: the e2e suite must exercise the real booklet engine.
    throw new Error(`the abstract-booklet task is not built (${fileURLToPath(REAL)}): run npm run build`);
  }
  const real = await import(REAL.href);
  return real.run(input, ctx);
}
