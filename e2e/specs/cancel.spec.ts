import { expect, mainButton, queuedTaskIds, test, widget } from '../support/fixtures.js';

test('cancel mid-run → the server reports cancelled, usable again', async ({ page, hostUrl, stack, apiKey, serverLogsSinceStart }) => {
  await page.goto(hostUrl({ task: 'e2e-slow-booklet' }));
  await mainButton(page).click();
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/step [2-9] of 24/, { timeout: 30_000 });
  await widget(page).getByRole('button', { name: 'Cancel' }).click();

  await expect(widget(page).locator('.jpsp p').last()).toHaveText('Booklet cancelled.');
  await expect(widget(page).getByRole('status')).toHaveText('Booklet cancelled.');
  await expect(widget(page).getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  await expect(mainButton(page)).toBeEnabled();

  const [taskId] = queuedTaskIds(serverLogsSinceStart());
  const response = await fetch(`${stack.server.url}/api/tasks/${taskId}`, { headers: { 'X-Api-Key': apiKey } });
  const snapshot = (await response.json()) as { status: string; error?: { code: string } };
  expect(snapshot).toMatchObject({ status: 'cancelled', error: { code: 'CANCELLED' } });
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
});
