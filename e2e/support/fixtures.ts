import { test as base, expect, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startPagesServer, startTaskServer, type PagesServer, type TaskServer } from './servers.js';

/** One key per test: idempotency is per key, so no test joins another test's task. */
const KEYS = Array.from({ length: 40 }, (_, i) => `e2e-key-${String(i).padStart(2, '0')}-0123456789abcdef`);

export interface Stack {
  /** The real task server (worker-scoped: started once for the spec files of a worker). */
  server: TaskServer;
  /** Origin of the host pages and of `/event.json`. */
  pagesUrl: string;
  /** The host pages' server (counts `/token.json` requests). */
  pages: PagesServer;
}

export interface HostParams {
  server?: string;
  key?: string;
  /** A widget token for the page, and the host URL giving fresh ones (`/token.json?…`). */
  token?: string;
  'token-url'?: string;
  event?: string;
  id?: string;
  task?: string;
  lang?: string;
  submitter?: string;
  /** `element` (default): `<jpsp-booklet-button>`; `mount`: `JpspWidget.mount()`; `none`: no widget. */
  embed?: 'element' | 'mount' | 'none';
}

interface TestFixtures {
  apiKey: string;
  /** URL of a host page with the widget on the FEL2022 export and this test's key. */
  hostUrl: (params?: HostParams, page?: string) => string;
  /** Log lines the server wrote since this test started. */
  serverLogsSinceStart: () => string[];
}

let nextKey = 0;

export const test = base.extend<TestFixtures, { stack: Stack }>({
  stack: [
    async ({}, use) => {
      const pages = await startPagesServer();
      const server = await startTaskServer({ keys: KEYS, allowedOrigin: pages.url });
      await use({ server, pagesUrl: pages.url, pages });
      await server.stop();
      await pages.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  apiKey: async ({}, use) => {
    const key = KEYS[nextKey++];
    if (!key) {
      throw new Error('more tests than e2e API keys: add keys in support/fixtures.ts');
    }
    await use(key);
  },
  hostUrl: async ({ stack, apiKey }, use) => {
    await use((params = {}, page = 'host.html') => {
      const query = new URLSearchParams({
        server: stack.server.url,
        key: apiKey,
        event: '/event.json',
        id: '44',
        task: 'e2e-booklet',
        ...params,
      });
      return `${stack.pagesUrl}/pages/${page}?${query}`;
    });
  },
  serverLogsSinceStart: async ({ stack }, use) => {
    const start = stack.server.logs.length;
    await use(() => stack.server.logs.slice(start));
  },
});

export { expect };

/** Task ids the server queued, from its `task queued` log lines. */
export function queuedTaskIds(lines: string[]): string[] {
  return lines.filter((l) => l.includes('"msg":"task queued"')).map((l) => (JSON.parse(l) as { taskId: string }).taskId);
}

export async function downloadedBytes(download: Download): Promise<Uint8Array> {
  const path = await download.path();
  return new Uint8Array(readFileSync(path));
}

/** The widget's slot in the host pages (whose own elements reuse the widget's class names on purpose). */
export const widget = (page: Page) => page.locator('#widget');

/** The widget's main button (Playwright's CSS and role locators pierce its open shadow root). */
export const mainButton = (page: Page) => widget(page).locator('.jpsp-main');
