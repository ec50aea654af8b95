import { downloadedBytes, expect, mainButton, queuedTaskIds, test, widget } from '../support/fixtures.js';
import { firstZipEntry } from '../support/odt.js';

test('a reload mid-run resumes the same task and still delivers the download', async ({ page, hostUrl, serverLogsSinceStart }) => {
  await page.goto(hostUrl({ task: 'e2e-slow-booklet' }));
  await mainButton(page).click();
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/step [3-9] of 24/, { timeout: 30_000 });
  const [taskId] = queuedTaskIds(serverLogsSinceStart());
  expect(await page.evaluate(() => Object.values(sessionStorage) as string[])).toEqual([taskId]);

  await page.reload();
  const button = mainButton(page);
  // Resumed without a click: busy again, progress further on.
  await expect(button).toHaveAttribute('aria-busy', 'true');
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/\d+% · /);
  const download = await page.waitForEvent('download', { timeout: 60_000 });
  expect(firstZipEntry(await downloadedBytes(download)).name).toBe('mimetype');
  await expect(button).toBeEnabled();

  // One task on the server for the whole story, and nothing left to resume.
  expect(queuedTaskIds(serverLogsSinceStart())).toEqual([taskId]);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});

test('a second tab joins the live run on load (no click needed), and clicks start nothing else', async ({ page, context, hostUrl, serverLogsSinceStart }) => {
  const url = hostUrl({ task: 'e2e-slow-booklet' });
  await page.goto(url);
  await mainButton(page).click();
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/step [2-9] of 24/, { timeout: 30_000 });

  // A click on a busy button does nothing.
  await mainButton(page).click({ force: true });

  const second = await context.newPage();
  await second.goto(url);
  // The event's live run is found on load and followed: busy at once, a click does nothing.
  await expect(mainButton(second)).toHaveAttribute('aria-busy', 'true');
  await mainButton(second).click({ force: true });
  await expect(widget(second).locator('.jpsp-progress')).toContainText(/step \d+ of 24/);

  const downloads = Promise.all([page.waitForEvent('download', { timeout: 60_000 }), second.waitForEvent('download', { timeout: 60_000 })]);
  const [a, b] = await downloads;
  expect(a.url()).toBe(b.url());
  const queued = queuedTaskIds(serverLogsSinceStart());
  expect(queued).toHaveLength(1);
  await second.close();
});

test('a dropped connection mid-run reconnects, subscribes again and still delivers the download', async ({ page, context, hostUrl, serverLogsSinceStart }) => {
  await page.goto(hostUrl({ task: 'e2e-slow-booklet' }));
  await mainButton(page).click();
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/step [2-9] of 24/, { timeout: 30_000 });

  await context.setOffline(true);
  await expect(widget(page).locator('.jpsp-progress')).toContainText('Connection lost, reconnecting…');
  await expect(mainButton(page)).toHaveAttribute('aria-busy', 'true');
  await context.setOffline(false);

  await expect(widget(page).locator('.jpsp-progress')).toContainText(/step \d+ of 24/, { timeout: 30_000 });
  const download = await page.waitForEvent('download', { timeout: 60_000 });
  expect(download.suggestedFilename()).toMatch(/\.odt$/);
  expect(queuedTaskIds(serverLogsSinceStart())).toHaveLength(1);
});
