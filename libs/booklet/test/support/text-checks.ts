// Checks on the text of a rendered booklet (pdftotext output), shared by the LibreOffice specs.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { buildModel } from '../../src/build-model.js';
import type { BookletModel } from '../../src/model.js';
import { validateEvent } from '../../src/validate-event.js';

/**
 * Comparable text: compatibility forms (ligatures) folded, whitespace and hyphens removed
 * (lines wrap anywhere, and pdftotext drops the hyphen of a line that ends with one).
 */
export const norm = (s: string): string => s.normalize('NFKC').replace(/[\s\-\u2010\u00AD]+/g, '');

/** Finds each needle in this order; fails on the first one missing. */
export function expectInOrder(text: string, needles: string[], what = 'text'): void {
  let at = 0;
  for (const needle of needles) {
    const i = text.indexOf(needle, at);
    expect(i, `${what}: "${needle}" after position ${at}`).toBeGreaterThanOrEqual(0);
    at = i + needle.length;
  }
}

/** The view model of the real FEL2022 export (test/fixtures), checked to validate cleanly. */
export function fel2022Model(): BookletModel {
  const payload = JSON.parse(readFileSync(new URL('../fixtures/jacow-fel2022-event-44-detail-sessions.json', import.meta.url), 'utf8')) as unknown;
  const { event, errors } = validateEvent(payload);
  expect(errors).toEqual([]);
  return buildModel(event!).model;
}
