import type { Page } from '@playwright/test';
import { expect, mainButton, test, widget } from '../support/fixtures.js';
import { closedPortUrl } from '../support/servers.js';

/** A readable message with a remedy, the retry control, and a main button that works again. */
async function expectReadableError(page: Page, title: string | RegExp, hint: string | RegExp): Promise<void> {
  const alert = widget(page).getByRole('alert');
  await expect(alert).toContainText(title);
  await expect(alert).toContainText(hint);
  await expect(alert.getByRole('button', { name: 'Try again' })).toBeEnabled();
  const button = mainButton(page);
  await expect(button).toBeEnabled();
  await expect(button).toHaveAttribute('aria-busy', 'false');
}

/**
 * Clicks and checks that a new attempt ran: the error panel is unmounted while the widget works,
 * so the panel shown afterwards is a new element (the old one carried a mark set here).
 */
async function clickStartsNewAttempt(page: Page, target: 'main' | 'retry'): Promise<void> {
  const alert = widget(page).getByRole('alert');
  await alert.evaluate((el) => el.setAttribute('data-seen', ''));
  await (target === 'main' ? mainButton(page) : alert.getByRole('button', { name: 'Try again' })).click();
  await expect(alert).toBeVisible();
  await expect(alert).not.toHaveAttribute('data-seen');
}

test('wrong API key → readable message, usable again', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({ key: 'not-the-right-key-0123456789' }));
  await mainButton(page).click();
  await expectReadableError(page, 'The booklet server refused this page’s access.', 'Reload the page and check that you are still logged in');
  // Usable: "Try again" runs again (and fails the same way) instead of doing nothing.
  await clickStartsNewAttempt(page, 'retry');
  await expectReadableError(page, 'refused this page’s access', 'API key in the JPSP settings');
});

test('server down → readable message, usable again', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({ server: await closedPortUrl() }));
  await mainButton(page).click();
  await expectReadableError(page, 'The booklet server cannot be reached.', 'Check your connection and try again');
  await clickStartsNewAttempt(page, 'main');
  await expectReadableError(page, 'cannot be reached', 'try again');
});

test('event URL 404 → readable message, usable again', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({ event: '/no-such-event.json' }));
  await mainButton(page).click();
  await expectReadableError(page, 'The event data could not be read (HTTP 404).', 'Reload the page');
  await clickStartsNewAttempt(page, 'main');
  await expectReadableError(page, 'HTTP 404', 'Reload the page');
});

test('the server refuses the data → the fields to fix are listed', async ({ page, hostUrl }) => {
  // The event URL answers a JSON array: the task's input DTO wants an object.
  await page.goto(hostUrl({ event: '/pages/not-an-event.json' }));
  await mainButton(page).click();
  await expectReadableError(page, 'The booklet server refused the event data.', 'Fix these fields in Indico');
  await expect(widget(page).getByRole('alert').locator('code')).toContainText('input.event');
});
