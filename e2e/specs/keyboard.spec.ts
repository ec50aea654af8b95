import type { Page } from '@playwright/test';
import { expect, mainButton, test, widget } from '../support/fixtures.js';

/** True when the focus is on the widget's element with this class (inside its shadow root). */
const focusedInWidget = (page: Page, className: string) =>
  page.evaluate((cls) => {
    const host = document.querySelector('jpsp-booklet-button');
    return document.activeElement === host && Boolean(host?.shadowRoot?.activeElement?.classList.contains(cls));
  }, className);

test('keyboard only: Tab to the button, Enter, download; screenshots of idle, running and done', async ({ page, hostUrl }, testInfo) => {
  await page.goto(hostUrl());
  await expect(mainButton(page)).toBeVisible();
  const shot = async (name: string) => testInfo.attach(name, { body: await page.screenshot({ fullPage: true }), contentType: 'image/png' });

  // Tab through the host page until the focus reaches the widget's button.
  let reached = false;
  for (let i = 0; i < 10 && !reached; i++) {
    await page.keyboard.press('Tab');
    reached = await focusedInWidget(page, 'jpsp-main');
  }
  expect(reached).toBe(true);
  // The focus is visible (keyboard focus → :focus-visible outline).
  expect(await mainButton(page).evaluate((b) => getComputedStyle(b).outlineStyle)).toBe('solid');
  await shot('idle');

  const download = page.waitForEvent('download', { timeout: 60_000 });
  await page.keyboard.press('Enter');
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/\d+% · /);
  await expect(mainButton(page)).toHaveAttribute('aria-busy', 'true');
  // Busy but still focused (aria-disabled, not disabled): the keyboard user is not dropped.
  expect(await focusedInWidget(page, 'jpsp-main')).toBe(true);
  await shot('running');

  // Tab reaches Cancel while running.
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => document.querySelector('jpsp-booklet-button')?.shadowRoot?.activeElement?.textContent)).toBe('Cancel');
  await page.keyboard.press('Shift+Tab');

  expect((await download).suggestedFilename()).toMatch(/\.odt$/);
  await expect(mainButton(page)).toBeEnabled();
  await expect(widget(page).locator('.jpsp-done')).toBeVisible();
  expect(await focusedInWidget(page, 'jpsp-main')).toBe(true);
  await shot('done');
});

test('keyboard only: Space on the focused button starts a run; Enter on Cancel cancels it', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({ task: 'e2e-slow-booklet' }));
  await mainButton(page).focus();
  await page.keyboard.press('Space');
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/step \d+ of 24/, { timeout: 30_000 });
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect(widget(page).getByRole('status')).toHaveText('Booklet cancelled.');
  await expect(mainButton(page)).toBeEnabled();
});
