// The paper check on a real Indico 3.2.9: papers.json, the signed and expiring links to the papers'
// PDFs (fetched here without any session, as the task server does), and the "Paper check" panel
// running the real `papers-check` task on the real task server.
// scripts/test.sh provides: INDICO_URL, JPSP_SERVER_URL, JPSP_API_KEY, JPSP_SEED_FILE, JPSP_PYTHON.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, request as playwrightRequest, test } from '@playwright/test';

function requireEnv(name) {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: run this spec through scripts/test.sh`);
  }
  return value;
}

const seedFile = requireEnv('JPSP_SEED_FILE');
const seed = JSON.parse(readFileSync(seedFile, 'utf8'));
const indicoUrl = requireEnv('INDICO_URL');
const serverUrl = requireEnv('JPSP_SERVER_URL');
const apiKey = requireEnv('JPSP_API_KEY');
const python = requireEnv('JPSP_PYTHON');
const here = dirname(fileURLToPath(import.meta.url));
const setPluginSetting = (name, value) =>
  execFileSync(python, [join(here, 'set_plugin_setting.py'), name, String(value)], { stdio: 'inherit' });

const bookletUrl = `/event/${seed.eventId}/manage/jpsp/`;
const settingsUrl = `/event/${seed.eventId}/manage/jpsp/settings`;
const papersUrl = `/event/${seed.eventId}/manage/jpsp/papers.json`;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const seededPdf = (paper) => readFileSync(join(dirname(seedFile), 'pdfs', paper.file.replace(`${paper.code}-`, '')));

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

/** papers.json as the manager's browser gets it (the session cookie). */
async function papersJson(page) {
  const response = await page.request.get(papersUrl);
  expect(response.status()).toBe(200);
  expect(response.headers()['cache-control']).toBe('no-store');
  return response.json();
}

/** A client with no cookie and no token at all: what the task server is to Indico. */
async function withoutSession(fn) {
  const anonymous = await playwrightRequest.newContext({ baseURL: indicoUrl });
  try {
    return await fn(anonymous);
  } finally {
    await anonymous.dispose();
  }
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text) {
  const rows = [];
  for (const [, quoted, plain, end] of text.matchAll(/(?:"((?:[^"]|"")*)"|([^,\r\n]*))(,|\r?\n|$)/g)) {
    if (rows.length === 0 || rows.at(-1).done) {
      rows.push([]);
    }
    const row = rows.at(-1);
    row.push(quoted === undefined ? plain : quoted.replace(/""/g, '"'));
    row.done = end !== ',';
    if (end === '') {
      break;
    }
  }
  return rows.filter((row) => row.length > 1 || row[0] !== '');
}

const withQuery = (url, changes) => {
  const parsed = new URL(url);
  for (const [name, value] of Object.entries(changes)) {
    parsed.searchParams.set(name, value);
  }
  return parsed.href;
};

test('papers.json lists each paper with a signed link that works without a session', async ({ page }) => {
  await logIn(page, seed.manager);
  const { papers, ...rest } = await papersJson(page);
  expect(rest).toEqual({});
  expect(papers.map(({ code, title, type }) => ({ code, title, type }))).toEqual(
    seed.papers.map(({ code, title, type }) => ({ code, title, type })),
  );
  await withoutSession(async (anonymous) => {
    for (const [i, paper] of papers.entries()) {
      expect(paper.url.startsWith(`${indicoUrl}/event/${seed.eventId}/manage/jpsp/papers/${paper.id}/`)).toBe(true);
      const response = await anonymous.get(paper.url, { maxRedirects: 0 });
      expect(response.status(), paper.code).toBe(200);
      expect(response.headers()['cache-control']).toBe('no-store');
      expect(response.headers()['set-cookie'], 'Indico sets no cookie for the task server').toBeUndefined();
      // the latest revision's file, byte for byte
      expect(sha256(await response.body()), paper.code).toBe(sha256(seededPdf(seed.papers[i])));
    }
  });
});

test('a tampered or expired paper link is refused, and a non-manager gets no list and no file', async ({ page, browser }) => {
  await logIn(page, seed.manager);
  const [first, second] = (await papersJson(page)).papers;
  await withoutSession(async (anonymous) => {
    const longer = withQuery(first.url, { exp: String(Number(new URL(first.url).searchParams.get('exp')) + 86_400) });
    const otherPaper = first.url.replace(`/papers/${first.id}/`, `/papers/${second.id}/`);
    for (const url of [longer, otherPaper]) {
      const response = await anonymous.get(url, { maxRedirects: 0 });
      expect(response.status(), url).toBe(400);
      expect(await response.text()).toContain('The persistent link you used is invalid.');
    }
    // without its signature, the link is a management URL like any other: no session, no file
    const unsigned = new URL(first.url);
    unsigned.searchParams.delete('user_token');
    const response = await anonymous.get(unsigned.href, { maxRedirects: 0 });
    expect([302, 403]).toContain(response.status());
  });

  setPluginSetting('paper_link_lifetime_minutes', 0.05); // 3 s
  try {
    const [paper] = (await papersJson(page)).papers;
    const exp = Number(new URL(paper.url).searchParams.get('exp'));
    expect(exp * 1000 - Date.now()).toBeLessThanOrEqual(3_000);
    await withoutSession(async (anonymous) => {
      // wait for the moment the link expires, then a little (Indico's clock is this machine's)
      await expect.poll(() => Date.now(), { timeout: 10_000 }).toBeGreaterThan(exp * 1000 + 500);
      const response = await anonymous.get(paper.url, { maxRedirects: 0 });
      expect(response.status()).toBe(410);
      expect(await response.text()).toContain('This link expired');
    });
  } finally {
    setPluginSetting('paper_link_lifetime_minutes', 60);
  }

  // a logged-in user who does not manage the event
  const context = await browser.newContext();
  try {
    const outsider = await context.newPage();
    await logIn(outsider, seed.outsider);
    const list = await outsider.request.get(papersUrl, { maxRedirects: 0 });
    expect(list.status()).toBe(403);
    expect(await list.text()).not.toContain(first.title);
    const unsigned = new URL(first.url);
    unsigned.searchParams.delete('user_token');
    const file = await outsider.request.get(unsigned.href, { maxRedirects: 0 });
    expect(file.status()).toBe(403);
    expect((await file.body()).subarray(0, 5).toString()).not.toBe('%PDF-');
  } finally {
    await context.close();
  }
});

test('@papers the Paper check panel checks every paper and its report lists the bad ones', async ({ page }) => {
  const bad = seed.papers.filter((p) => p.problem);
  const good = seed.papers.filter((p) => !p.problem);
  expect(bad.length).toBeGreaterThan(0);
  expect(good.length).toBeGreaterThan(0);
  await logIn(page, seed.manager);
  await saveSettings(page);

  const response = await page.goto(bookletUrl);
  const html = await response.text();
  expect(html.includes(apiKey), 'the page does not hold the API key').toBe(false);
  expect(html.includes('user_token='), 'the page holds no signed link: papers.json gives them when asked').toBe(false);
  const panel = page.locator('#jpsp-papers-check');
  await expect(panel).toHaveAttribute('data-task', 'papers-check');
  await expect(panel).toHaveAttribute('data-event-url', papersUrl);
  const button = panel.getByRole('button').first();
  await expect(button).toBeEnabled({ timeout: 30_000 });
  const papersRequest = page.waitForResponse((r) => r.url().endsWith(papersUrl) && r.status() === 200);
  await button.click();
  await papersRequest;

  // the summary, then the link that opens the HTML report (and the CSV of the problems)
  const report = panel.locator('a[href*="papers-check.html"]');
  await expect(report).toBeVisible({ timeout: 150_000 });
  const summary = panel.locator('.jpsp-summary');
  await expect(summary).toContainText(String(seed.papers.length));
  await expect(summary).toHaveAttribute('data-errors', String(bad.length));
  const reportResponse = await page.request.get(await report.getAttribute('href'));
  expect(reportResponse.status()).toBe(200);
  const text = (await reportResponse.text()).replace(/\s+/g, ' ');
  // the papers with errors first, then the good ones (MOA02's bad first revision is not checked)
  const firstGood = Math.min(...good.map((p) => text.indexOf(p.code)));
  expect(firstGood).toBeGreaterThan(0);
  for (const paper of bad) {
    const at = text.indexOf(paper.code);
    expect(at, `the report names ${paper.code}`).toBeGreaterThan(0);
    expect(at, `${paper.code} is listed before the good papers`).toBeLessThan(firstGood);
  }

  // one row per problem: each bad paper with the rule it breaks, nothing on the good ones
  const csv = panel.locator('a[href*="papers-check.csv"]');
  const rows = parseCsv((await (await page.request.get(await csv.getAttribute('href'))).text()).replace(/^\uFEFF/, ''));
  expect(rows[0].slice(0, 6)).toEqual(['id', 'code', 'title', 'type', 'rule', 'severity']);
  const problems = rows.slice(1).map((row) => `${row[1]} ${row[4]} ${row[5]}`);
  expect(problems.sort()).toEqual(bad.map((p) => `${p.code} ${p.problem} error`).sort());
});
