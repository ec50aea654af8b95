import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));

export const ROOT = here('../../');
export const SERVER_MAIN = here('../../apps/server/dist/main.js');
export const WIDGET_DIST = here('../../apps/widget/dist');
export const PAGES = here('../pages');
export const TEST_TASKS = here('../tasks/e2e-tasks.mjs');

/** The FEL2022 export: the booklet library's copy when it exists, else ours (same bytes). */
export const FEL2022 = [
  here('../../libs/booklet/test/fixtures/jacow-fel2022-event-44-detail-sessions.json'),
  here('../fixtures/jacow-fel2022-event-44-detail-sessions.json'),
].find((p) => existsSync(p)) as string;
