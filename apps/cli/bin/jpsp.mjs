#!/usr/bin/env -S node --max-semi-space-size=2
// The `jpsp` command. A committed launcher, not dist/main.js itself: npm links a workspace's bin
// at install time, before anything is built, and skips a target that does not exist yet.
// The flag: young-generation semi-spaces of 2 MB instead of 16 (the parsed event and the writers'
// strings leave it sooner). On a 2,000-contribution event, cold run: peak RSS 175 → 151 MB (ODT),
// 200 → 179 MB (DOCX), same time (docs/benchmarks.md). It must be set at start-up:
// v8.setFlagsFromString later does not shrink what is already reserved.
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('jpsp: not built yet: run `npm run build` in the repository first\n');
  process.exit(1);
}
await import(main.href);
