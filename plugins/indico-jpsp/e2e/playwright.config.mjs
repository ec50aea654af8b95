// Playwright configuration of the real-Indico end-to-end run. scripts/test.sh starts Indico and
// the task server and passes their URLs in the environment; the browser is Debian's Chromium.
import { defineConfig } from '@playwright/test';

const runDir = process.env.JPSP_RUN_DIR ?? '/tmp/jpsp-plugin-e2e';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.mjs',
  outputDir: `${runDir}/playwright`,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    baseURL: process.env.INDICO_URL,
    acceptDownloads: true,
    actionTimeout: 20_000,
    navigationTimeout: 30_000,
    trace: 'off',
    launchOptions: {
      executablePath: process.env.JPSP_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
