// Real Indico 3.2.9 + the JPSP plugin + the task server, driven in Chromium.
// scripts/test.sh provides: INDICO_URL, JPSP_SERVER_URL, JPSP_API_KEY, JPSP_SEED_FILE, JPSP_PYTHON.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this spec through scripts/test.sh`);
  }
  return value;
}

const seed = JSON.parse(readFileSync(requireEnv('JPSP_SEED_FILE'), 'utf8'));
const serverUrl = requireEnv('JPSP_SERVER_URL');
const apiKey = requireEnv('JPSP_API_KEY');
const python = requireEnv('JPSP_PYTHON');
const odtText = join(dirname(fileURLToPath(import.meta.url)), 'odt_text.py');

const manageUrl = `/event/${seed.eventId}/manage/`;
const bookletUrl = `/event/${seed.eventId}/manage/jpsp/`;
const settingsUrl = `/event/${seed.eventId}/manage/jpsp/settings`;
const eventDataUrl = `/event/${seed.eventId}/manage/jpsp/event.json`;

const squash = (text) => text.replace(/\s+/g, ' ').trim();

async function logIn(page, { login, password }) {
  await page.goto('/login/');
  await page.locator('#identifier').fill(login);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.locator('#password').press('Enter')]);
}

async function saveSettings(page) {
  await page.goto(settingsUrl);
  await page.locator('#server_url').fill(serverUrl);
  await page.locator('#api_key').fill(apiKey);
  await page.locator('#jpsp-settings-form input[type=submit]').click();
  await expect(page.locator('#flashed-messages')).toContainText('JPSP settings saved.');
}

test('the event manager configures JPSP for the event', async ({ page }) => {
  await logIn(page, seed.manager);

  // the side menu of the event management area has the JPSP entry
  await page.goto(manageUrl);
  await page.locator('#event-side-menu').getByRole('link', { name: 'JPSP', exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${bookletUrl}$`));

  // not configured yet: the page says so and links to the settings
  const notConfigured = page.locator('#jpsp-not-configured');
  await expect(notConfigured).toBeVisible();
  await notConfigured.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`${settingsUrl}$`));

  // save the server URL and the token; the token is never shown again
  await saveSettings(page);
  await expect(page.locator('#jpsp-token-state')).toContainText('An API token is stored');
  await expect(page.locator('#server_url')).toHaveValue(serverUrl);
  await expect(page.locator('#api_key')).toHaveValue('');
  // (booleans, so that a failure never prints the token)
  expect((await page.content()).includes(apiKey), 'the settings page does not show the token').toBe(false);

  // the connection test reaches the real server's /health
  await page.locator('#jpsp-test-connection input[type=submit]').click();
  await expect(page.locator('#flashed-messages')).toContainText('Connection OK');

  // the booklet page is now configured
  await page.locator('#jpsp-nav-booklet').click();
  await expect(page).toHaveURL(new RegExp(`${bookletUrl}$`));
  await expect(page.locator('#jpsp-not-configured')).toHaveCount(0);
});

test('@booklet the event manager downloads the abstract booklet', async ({ page }) => {
  expect(seed.contributions.length).toBeGreaterThan(0);
  await logIn(page, seed.manager);
  await saveSettings(page);

  // the booklet page mounts the widget from the plugin's static files; a click downloads the ODT
  await page.goto(bookletUrl);
  const booklet = page.locator('#jpsp-booklet');
  await expect(booklet).toHaveAttribute('data-event-url', eventDataUrl);
  const button = booklet.getByRole('button').first();
  await expect(button).toBeEnabled({ timeout: 30_000 });
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 150_000 }), button.click()]);
  expect(download.suggestedFilename()).toMatch(/\.odt$/);
  const file = test.info().outputPath(download.suggestedFilename());
  await download.saveAs(file);

  const text = squash(execFileSync(python, [odtText, file], { encoding: 'utf8' }));
  for (const contribution of seed.contributions) {
    expect(text, `the booklet holds ${contribution.code}`).toContain(contribution.code);
    expect(text, `the booklet holds "${contribution.title}"`).toContain(squash(contribution.title));
  }
});

test('a user who does not manage the event is refused the pages and the endpoint', async ({ page }) => {
  await logIn(page, seed.outsider);
  // the event itself is public: the user is logged in and may see it
  const display = await page.goto(`/event/${seed.eventId}/`);
  expect(display?.status()).toBe(200);

  for (const url of [bookletUrl, settingsUrl, eventDataUrl]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
    const body = await response.text();
    expect(body.includes(apiKey), `${url} does not show the token`).toBe(false);
    expect(body).not.toContain(seed.contributions[0].title);
  }
  const api = await page.request.get(eventDataUrl, { maxRedirects: 0 });
  expect(api.status()).toBe(403);
});
