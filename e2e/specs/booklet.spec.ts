import { downloadedBytes, expect, mainButton, queuedTaskIds, test, widget } from '../support/fixtures.js';
import { firstZipEntry, programmeCodes, zipText } from '../support/odt.js';
import { FEL2022 } from '../support/paths.js';

test('click → progress → the ODT downloads by itself and holds every programme code of FEL2022', async ({ page, hostUrl, apiKey, stack, serverLogsSinceStart }) => {
  await page.goto(hostUrl());
  const button = mainButton(page);
  await expect(button).toHaveText('Generate abstract booklet');
  await expect(button).toBeEnabled();

  const download = page.waitForEvent('download', { timeout: 60_000 });
  await button.click();

  // Busy: disabled, aria-busy, spinner, percentage and phase.
  await expect(button).toBeDisabled();
  await expect(button).toHaveAttribute('aria-busy', 'true');
  await expect(widget(page).locator('.jpsp-spinner')).toBeVisible();
  await expect(page.locator('progress')).toBeVisible();
  await expect(widget(page).locator('.jpsp-progress')).toContainText(/\d+% · waiting, step \d+ of 8/);
  await expect(widget(page).getByRole('status')).toContainText(/\d+% · /);

  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.odt$/);
  const bytes = await downloadedBytes(file);
  const first = firstZipEntry(bytes);
  expect(first).toEqual({ name: 'mimetype', method: 0, content: 'application/vnd.oasis.opendocument.text' });
  const content = zipText(bytes, 'content.xml');
  const codes = programmeCodes(FEL2022);
  expect(codes.length).toBeGreaterThan(200);
  expect(codes.filter((code) => !content.includes(code))).toEqual([]);

  // Done: usable again, the ODT link and one link per other format of the result.
  await expect(button).toBeEnabled();
  await expect(button).toHaveAttribute('aria-busy', 'false');
  await expect(widget(page).locator('.jpsp-done')).toContainText(`${file.suggestedFilename()} downloaded`);
  await expect(widget(page).getByRole('link', { name: `Download ${file.suggestedFilename()} again` })).toHaveAttribute('href', /\/files\//);
  const [taskId] = queuedTaskIds(serverLogsSinceStart());
  const snapshot = (await (await fetch(`${stack.server.url}/api/tasks/${taskId}`, { headers: { 'X-Api-Key': apiKey } })).json()) as { status: string; lockKey?: string; result: { files: Array<{ name: string; url: string }> } };
  expect(snapshot.status).toBe('completed');
  expect(snapshot.lockKey).toBe('event:44'); // one run at a time per event
  for (const other of snapshot.result.files.filter((f) => f.name !== file.suggestedFilename())) {
    await expect(page.locator(`.jpsp-done a[href="${other.url}"]`)).toBeVisible();
  }
  await expect(widget(page).getByRole('status')).toHaveText(`Booklet ready: ${file.suggestedFilename()} downloaded.`);
});

test('the shipped abstract-booklet task: ODT with every programme code, the DOCX offered, the warnings shown', async ({ page, hostUrl }) => {
  await page.goto(hostUrl({ task: 'abstract-booklet' }));
  const button = mainButton(page);
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await button.click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('FEL2022-abstract-booklet.odt');
  const bytes = await downloadedBytes(file);
  expect(firstZipEntry(bytes)).toEqual({ name: 'mimetype', method: 0, content: 'application/vnd.oasis.opendocument.text' });
  const content = zipText(bytes, 'content.xml');
  expect(programmeCodes(FEL2022).filter((code) => !content.includes(code))).toEqual([]);
  await expect(button).toBeEnabled();
  await expect(widget(page).getByRole('link', { name: 'DOCX' })).toHaveAttribute('href', /\/files\/[^/]+\/FEL2022-abstract-booklet\.docx$/);
  // What the organiser should check before printing: FEL2022 has one contribution without abstract.
  await expect(widget(page).locator('.jpsp-done')).toContainText('Check before printing:');
  await expect(widget(page).getByRole('listitem')).toHaveText([
    '1 contribution has no abstract: MOX01',
    /^Author index: 87 people appear under several Indico person records with the same name and were merged into one entry \(/,
    /^Author index: 6 names are shared by people with different e-mails and affiliations, kept apart with their affiliation \(/,
  ]);
});
