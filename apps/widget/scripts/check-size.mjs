// Size budget of the embeddable bundle: prints the gzip size of the IIFE and fails above 90 kB
// (90,000 bytes, gzip at its default level 6, as `gzip` and most servers compress).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET_BYTES = 90_000;
const raw = readFileSync(new URL('../dist/jpsp-widget.iife.js', import.meta.url));
const gzip = gzipSync(raw).length;
const best = gzipSync(raw, { level: 9 }).length;
const kb = (n) => `${(n / 1000).toFixed(2)} kB`;
process.stdout.write(`jpsp-widget.iife.js: ${kb(raw.length)} raw, ${kb(gzip)} gzip (${kb(best)} with gzip -9); budget ${kb(BUDGET_BYTES)} gzip\n`);
if (gzip > BUDGET_BYTES) {
  process.stderr.write(`Size budget exceeded by ${kb(gzip - BUDGET_BYTES)}: measure what each dependency and module adds, and trim.\n`);
  process.exit(1);
}
