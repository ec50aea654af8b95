import { expect, mainButton, test, widget } from '../support/fixtures.js';

test('JpspWidget.mount() on an Italian page speaks Italian and runs the booklet', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({}, 'mount-it.html'));
  const button = mainButton(page);
  await expect(button).toHaveText('Genera il libro degli abstract');
  await expect(widget(page).locator('.jpsp-intro')).toContainText('Libro degli abstract');
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await button.click();
  await expect(button).toHaveText('Generazione…');
  expect((await download).suggestedFilename()).toMatch(/\.odt$/);
  await expect(widget(page).locator('.jpsp-done')).toContainText('Libro pronto');
});

test('the lang attribute wins over the page language', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({ lang: 'it' }));
  await expect(mainButton(page)).toHaveText('Genera il libro degli abstract');
  await page.goto(hostUrl({ lang: 'en' }, 'mount-it.html'));
  await expect(mainButton(page)).toHaveText('Generate abstract booklet');
});

test('a custom element without its required attributes says what is missing', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({ key: '' }));
  await expect(page.locator('jpsp-booklet-button')).toContainText('missing tokenUrl (or token, or apiKey)');
});
