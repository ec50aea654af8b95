import type { Locator, Page } from '@playwright/test';
import { expect, mainButton, test, widget } from '../support/fixtures.js';

const PROPS = [
  'font-family', 'font-size', 'font-weight', 'color', 'background-color', 'letter-spacing', 'line-height', 'text-transform', 'text-align',
  'padding-top', 'padding-left', 'border-top-width', 'border-top-style', 'border-top-color', 'border-top-left-radius', 'margin-top', 'margin-left',
  'display', 'visibility', 'outline-style', 'box-sizing',
];

/**
 * Computed styles; with `sized`, also the rendered size (for content-sized elements such as
 * buttons: a block's width follows the host's layout, which the host legitimately controls).
 */
const styleOf = (locator: Locator, sized = false) =>
  locator.evaluate(
    (el, [props, withSize]) => {
      const cs = getComputedStyle(el);
      const out = Object.fromEntries((props).map((p) => [p, cs.getPropertyValue(p)]));
      return withSize ? { ...out, width: cs.width, height: cs.height } : out;
    },
    [PROPS, sized] as const,
  );

/** Computed styles of the widget's parts, idle and after a failed run (error panel, retry button). */
async function widgetStyles(page: Page): Promise<Record<string, Record<string, string>>> {
  await expect(mainButton(page)).toBeVisible();
  const idle = {
    root: await styleOf(widget(page).locator('.jpsp')),
    intro: await styleOf(widget(page).locator('.jpsp-intro')),
    button: await styleOf(mainButton(page), true),
  };
  await mainButton(page).click();
  await expect(widget(page).getByRole('alert')).toBeVisible();
  return {
    ...idle,
    alert: await styleOf(widget(page).getByRole('alert')),
    retry: await styleOf(widget(page).getByRole('button', { name: 'Try again' }), true),
    status: await styleOf(widget(page).getByRole('status')),
  };
}

test('a hostile host stylesheet does not change the widget', async ({ page, hostUrl }) => {
  // A 404 event URL: the widget reaches its error panel without a server run.
  await page.goto(hostUrl({ event: '/no-such-event.json' }));
  const plain = await widgetStyles(page);
  await page.goto(hostUrl({ event: '/no-such-event.json' }, 'hostile.html'));
  // The hostile sheet is really applied to the host page…
  expect(await page.locator('h1').evaluate((h) => getComputedStyle(h).fontFamily)).toContain('Comic Sans MS');
  expect(await page.locator('#host-button').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(255, 0, 0)');
  // …and not to the widget.
  expect(await widgetStyles(page)).toEqual(plain);
  expect(plain.button['background-color']).toBe('rgb(28, 93, 153)');
});

test('the widget does not change the host page', async ({ page, hostUrl }) => {
  const hostStyles = async () => ({
    body: await styleOf(page.locator('body')),
    h1: await styleOf(page.locator('h1')),
    p: await styleOf(page.locator('#host-p'), true),
    button: await styleOf(page.locator('#host-button'), true),
    link: await styleOf(page.locator('#host-link'), true),
  });
  await page.goto(hostUrl({ embed: 'none' }));
  const without = await hostStyles();
  for (const embed of ['element', 'mount'] as const) {
    await page.goto(hostUrl({ embed }));
    await expect(mainButton(page)).toBeVisible();
    expect(await hostStyles()).toEqual(without);
    // Nothing of the widget's CSS sits in the document's own stylesheets.
    expect(await page.evaluate(() => [...document.styleSheets].some((s) => [...s.cssRules].some((r) => r.cssText.includes('jpsp'))))).toBe(false);
  }
});
