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
const here = dirname(fileURLToPath(import.meta.url));
const odtText = join(here, 'odt_text.py');
const setTokenLifetime = (minutes) => execFileSync(python, [join(here, 'set_token_lifetime.py'), String(minutes)], { stdio: 'inherit' });

const manageUrl = `/event/${seed.eventId}/manage/`;
const bookletUrl = `/event/${seed.eventId}/manage/jpsp/`;
const settingsUrl = `/event/${seed.eventId}/manage/jpsp/settings`;
const eventDataUrl = `/event/${seed.eventId}/manage/jpsp/event.json`;
const tokenUrl = `/event/${seed.eventId}/manage/jpsp/token.json`;
/** The server's allowance for clock skew: a token is refused this long after its `exp`. */
const SERVER_CLOCK_TOLERANCE_MS = 30_000;

const claimsOf = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

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
  const response = await page.goto(bookletUrl);
  // the page holds a short-lived token for this event, never the API key
  expect((await response.text()).includes(apiKey), 'the booklet page does not hold the API key').toBe(false);
  const booklet = page.locator('#jpsp-booklet');
  const pageToken = await booklet.getAttribute('data-token');
  expect(claimsOf(pageToken)).toMatchObject({ aud: 'jpsp-ng', event: String(seed.eventId), tasks: ['abstract-booklet', 'papers-check'] });
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

  // Back on the page later, the widget shows this event's last run: when, and who built it.
  await page.reload();
  const last = page.locator('#jpsp-booklet').locator('.jpsp-last');
  await expect(last).toContainText(/Last built .* by Marie Manager\./, { timeout: 30_000 });
  await expect(last.locator('a').first()).toHaveText(/\.odt$/);
});

test('a user who does not manage the event is refused the pages and the endpoint', async ({ page }) => {
  await logIn(page, seed.outsider);
  // the event itself is public: the user is logged in and may see it
  const display = await page.goto(`/event/${seed.eventId}/`);
  expect(display?.status()).toBe(200);

  for (const url of [bookletUrl, settingsUrl, eventDataUrl, tokenUrl]) {
    const response = await page.goto(url);
    expect(response?.status(), url).toBe(403);
    const body = await response.text();
    expect(body.includes(apiKey), `${url} does not show the token`).toBe(false);
    expect(body).not.toContain(seed.contributions[0].title);
  }
  const api = await page.request.get(eventDataUrl, { maxRedirects: 0 });
  expect(api.status()).toBe(403);
});

test('a token that expired before the click is refreshed, and a run outliving its token completes', async ({ page, request }) => {
  test.setTimeout(170_000);
  setTokenLifetime(0.1); // 6 s
  try {
    await logIn(page, seed.manager);
    await saveSettings(page);
    await page.goto(bookletUrl);
    const booklet = page.locator('#jpsp-booklet');
    const pageToken = claimsOf(await booklet.getAttribute('data-token'));
    expect(pageToken.exp - pageToken.iat).toBe(6);
    const button = booklet.getByRole('button').first();
    await expect(button).toBeEnabled({ timeout: 30_000 });

    // The server's only worker is busy for a while (a task submitted with the API key, as an
    // integrator would), so the booklet will wait in the queue for longer than its token lives.
    const blocker = await request.post(`${serverUrl}/api/tasks`, {
      headers: { authorization: `Bearer ${apiKey}` },
      data: { task: 'test-slow', input: { ms: 45_000, steps: 45 } },
    });
    expect(blocker.status()).toBe(202);

    // Wait until the page's token is refused by the server too (past its clock tolerance).
    await page.waitForTimeout(Math.max(0, pageToken.exp * 1000 + SERVER_CLOCK_TOLERANCE_MS + 1000 - Date.now()));
    const refreshed = page.waitForResponse((r) => r.url().endsWith(tokenUrl) && r.status() === 200);
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), button.click()]);
    const fresh = claimsOf((await (await refreshed).json()).token);
    expect(fresh.iat).toBeGreaterThan(pageToken.exp);
    // the run took longer than the fresh token's lifetime, and still downloaded
    expect(Date.now() / 1000).toBeGreaterThan(fresh.exp);
    expect(download.suggestedFilename()).toMatch(/\.odt$/);
  } finally {
    setTokenLifetime(15);
  }
});
