import { runBooklet } from './run-booklet.mjs';

export const run = (input, ctx) => runBooklet(input, ctx, { steps: 8, stepMs: 250 });
