import { expect, mainButton, test, widget } from '../support/fixtures.js';

test('paper check: click → the summary and a report that opens in a tab, nothing downloaded', async ({ page, context, hostUrl }) => {
  const downloads: string[] = [];
  page.on('download', (d) => downloads.push(d.suggestedFilename()));
  await page.goto(hostUrl({ task: 'papers-check', event: '/papers.json' }));
  const button = mainButton(page);
  await expect(button).toHaveText('Check the papers');
  await expect(widget(page).locator('.jpsp-intro')).toContainText('Paper check');
  await button.click();

  const done = widget(page).locator('.jpsp-done');
  await expect(done).toBeVisible();
  await expect(widget(page).locator('.jpsp-summary')).toHaveText('5 papers checked: 2 without errors, 3 with errors (1 unreadable), 1 with warnings.');
  await expect(done).toContainText('Paper check done.');
  await expect(done).toContainText('1 paper has fonts that are not embedded.');
  await expect(button).toBeEnabled();
  await expect(widget(page).getByRole('link', { name: 'Problems as CSV' })).toHaveAttribute('href', /\/files\/[^/]+\/papers-check\.csv$/);

  const report = widget(page).getByRole('link', { name: 'Open the report' });
  await expect(report).toHaveAttribute('target', '_blank');
  const [tab] = await Promise.all([context.waitForEvent('page'), report.click()]);
  await tab.waitForLoadState();
  await expect(tab).toHaveTitle('Paper check');
  const text = (await tab.locator('body').innerText()).replace(/\s+/g, ' ');
  // The papers with errors first, each problem with its page; the good one last.
  expect(text).toContain('Papers with problems (4)');
  for (const code of ['MOP02', 'MOP03', 'MOP04', 'MOP05']) {
    expect(text.indexOf(code)).toBeLessThan(text.indexOf('Papers without problems'));
  }
  expect(text).toMatch(/Page size \(page 1\): All 3 pages: the page \(MediaBox\) is 595\.3 × 841\.9 pt \(A4\)/);
  expect(text).toMatch(/Fonts not embedded \(page 1\): Font Helvetica/);
  expect(text).toMatch(/Type 3 fonts \(page 2\)/);
  expect(text).toMatch(/Unreadable: Could not download the file: .*HTTP 404/);
  expect(text.indexOf('MOP01')).toBeGreaterThan(text.indexOf('Papers without problems'));
  await tab.close();
  expect(downloads).toEqual([]);
});
