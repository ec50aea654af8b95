import { expect, mainButton, queuedTaskIds, test, widget } from '../support/fixtures.js';

test('on load the widget shows the event’s last run (when, by whom, its downloads) without downloading again', async ({ page, hostUrl, serverLogsSinceStart }) => {
  const url = hostUrl({ submitter: 'Jane Doe' });
  await page.goto(url);
  await expect(widget(page).locator('.jpsp-last')).toHaveCount(0);
  await mainButton(page).click();
  const download = await page.waitForEvent('download', { timeout: 60_000 });
  expect(download.suggestedFilename()).toMatch(/\.odt$/);
  await expect(mainButton(page)).toBeEnabled();
  const [taskId] = queuedTaskIds(serverLogsSinceStart());
  expect(serverLogsSinceStart().find((l) => l.includes(taskId) && l.includes('"msg":"task queued"'))).toContain('"submitter":"Jane Doe"');

  let downloads = 0;
  page.on('download', () => downloads++);
  await page.reload();
  const last = widget(page).locator('.jpsp-last');
  await expect(last).toHaveAttribute('data-status', 'completed');
  await expect(last).toContainText(/Last built (now|\d+ seconds? ago) by Jane Doe\./);
  await expect(last.locator('a')).toHaveText([/\.odt$/, /\.docx$/]);
  // The links still download the files, and nothing was started or downloaded by the reload.
  const again = page.waitForEvent('download');
  await last.locator('a').first().click();
  expect((await again).suggestedFilename()).toBe(download.suggestedFilename());
  expect(downloads).toBe(1);
  expect(queuedTaskIds(serverLogsSinceStart())).toEqual([taskId]);

  // Italian: the same line in the page's language.
  await page.goto(`${url}&lang=it`);
  await expect(widget(page).locator('.jpsp-last')).toContainText(/Ultimo libro generato .* da Jane Doe\./);
});

test('while it runs, the progress line says about how long is left', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({ task: 'e2e-slow-booklet' }));
  await mainButton(page).click();
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/step \d+ of 24 · about \d+ (s|min) left/, { timeout: 30_000 });
  await page.waitForEvent('download', { timeout: 60_000 });
  await expect(widget(page).locator('.jpsp-done')).not.toContainText('left');
});
