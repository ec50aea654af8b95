// The widget on a host page that holds no API key: short-lived tokens from the host's token URL
// (what the Indico plugin does), refreshed when the page's token has expired.
import { expect, mainButton, test, widget } from '../support/fixtures.js';
import { mintToken } from '../support/tokens.js';

const TASK = 'e2e-booklet';

test('the widget connects with a token from the host, never with the key, and downloads', async ({ page, hostUrl, apiKey, stack }) => {
  const tokenUrl = `/token.json?${new URLSearchParams({ key: apiKey, id: '44', task: TASK })}`;
  const handshakes: string[] = [];
  // The Socket.IO CONNECT packet (`40{auth}`) travels in a polling POST (or a WebSocket frame).
  page.on('request', (r) => r.url().includes('/socket.io/') && (r.postData() ?? '').startsWith('40') && handshakes.push(r.postData() ?? ''));
  page.on('websocket', (ws) => ws.on('framesent', (f) => typeof f.payload === 'string' && f.payload.startsWith('40') && handshakes.push(f.payload)));
  // One token serves the whole visit: the last-run lookup on load and the click.
  const before = stack.pages.tokenRequests();
  await page.goto(hostUrl({ key: '', 'token-url': tokenUrl }));
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await mainButton(page).click();
  expect((await download).suggestedFilename()).toMatch(/\.odt$/);
  expect(stack.pages.tokenRequests()).toBe(before + 1);
  expect(handshakes.length).toBeGreaterThan(0);
  expect(handshakes.every((h) => h.includes('"token":"ey') && !h.includes(apiKey))).toBe(true);
});

test('a page token that expired is refreshed from the token URL before connecting', async ({ page, hostUrl, apiKey, stack }) => {
  const expired = mintToken(apiKey, '44', [TASK], { iat: -600, exp: -120 });
  const tokenUrl = `/token.json?${new URLSearchParams({ key: apiKey, id: '44', task: TASK })}`;
  const before = stack.pages.tokenRequests();
  await page.goto(hostUrl({ key: '', token: expired, 'token-url': tokenUrl }));
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await mainButton(page).click();
  expect((await download).suggestedFilename()).toMatch(/\.odt$/);
  expect(stack.pages.tokenRequests()).toBe(before + 1);
});

test('an expired token with nowhere to refresh it → readable message', async ({ page, hostUrl, apiKey }) => {
  const expired = mintToken(apiKey, '44', [TASK], { iat: -600, exp: -120 });
  await page.goto(hostUrl({ key: '', token: expired }));
  await mainButton(page).click();
  await expect(widget(page).getByRole('alert')).toContainText('The booklet server refused this page’s access.');
});
