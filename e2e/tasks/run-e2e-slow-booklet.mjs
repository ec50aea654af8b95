import { runBooklet } from './run-booklet.mjs';

export const run = (input, ctx) => runBooklet(input, ctx, { steps: 24, stepMs: 500 });
