import { expect, test } from '@playwright/test';
import { startTaskServer, type TaskServer } from '../support/servers.js';

let demo: TaskServer;
test.beforeAll(async () => {
  demo = await startTaskServer({ demo: true });
});
test.afterAll(async () => {
  await demo.stop();
});

test('npm start: the demo host page looks like Indico event management and mounts the widget with the demo key', async ({ page }, testInfo) => {
  await page.goto(`${demo.url}/`);
  await expect(page).toHaveURL(/\/demo\/$/);
  await expect(page.getByRole('navigation', { name: 'Event management' })).toContainText('Abstract booklet');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('FEL2022');
  const config = (await (await fetch(`${demo.url}/demo/config.json`)).json()) as { apiKey: string; eventUrl: string; eventId: string };
  expect(config).toMatchObject({ eventUrl: '/demo/event.json', eventId: '44' });
  const button = page.locator('#jpsp-booklet .jpsp-main');
  await expect(button).toHaveText('Generate abstract booklet');
  await expect(button).toBeEnabled();
  await expect(page.locator('#demo-problem')).toBeHidden();
  await testInfo.attach('demo page', { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });
});
