// Checks on the text of a rendered booklet (pdftotext output), shared by the LibreOffice specs.
import { printedIndexName } from '../../src/model/author-index.js';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
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

/** The normalised text of a rendered booklet cut into its three parts. */
export interface BookletSections {
  /** "Contents" up to its last entry, the author index. */
  toc: string;
  programme: string;
  index: string;
}

export function bookletSections(text: string, model: BookletModel): BookletSections {
  const label = norm(model.labels.authorIndex);
  const tocStart = text.indexOf(norm(model.labels.contents));
  const tocEnd = text.indexOf(label, tocStart) + label.length;
  const indexStart = text.lastIndexOf(label);
  return { toc: text.slice(tocStart, tocEnd), programme: text.slice(tocEnd, indexStart), index: text.slice(indexStart) };
}

/**
 * The checks every rendering of the FEL2022 booklet must pass (ODT and DOCX alike): nothing of the
 * programme is lost. `get` is read once the spec's `beforeAll` has rendered the booklet.
 */
export function itKeepsTheWholeProgramme(get: () => { model: BookletModel; sections: BookletSections }): void {
  it('has the whole programme (233 contributions in 21 blocks)', () => {
    const { model } = get();
    expect(model.stats.contributions).toBe(233);
    expect(model.stats.blocks).toBeGreaterThanOrEqual(21);
  });

  it('lists every day and session block in the table of contents, in order', () => {
    const { model, sections } = get();
    const blocks = model.days.flatMap((d) => [d.heading, ...d.blocks.map((b) => b.heading)]);
    expectInOrder(sections.toc, blocks.map(norm), 'contents');
  });

  it('prints every programme code and title, in model order', () => {
    const { model, sections } = get();
    const contributions = model.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions));
    expect(contributions.every((c) => c.code)).toBe(true);
    expectInOrder(sections.programme, contributions.flatMap((c) => [c.code, norm(c.title)]), 'programme');
  });

  it('prints every presenter with the presenter mark', () => {
    const { model, sections } = get();
    const presenters = model.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions.flatMap((c) => c.authorGroups.flatMap((g) => g.authors.filter((a) => a.presenter).map((a) => `${norm(a.name)}*`)))));
    expect(presenters.length).toBeGreaterThan(200);
    for (const p of presenters) {
      expect(sections.programme, p).toContain(p);
    }
  });

  it('ends with an author index listing every person with their codes', () => {
    const { model, sections } = get();
    expect(model.authorIndex.length).toBe(model.stats.persons);
    // Every name and code; in two columns pdftotext may read across them, so not in order (the
    // order is the model's, tested in build-model.spec.ts; the columns in layout-soffice.spec.ts).
    for (const e of model.authorIndex) {
      expect(sections.index, printedIndexName(e)).toContain(norm(printedIndexName(e)));
    }
    for (const code of new Set(model.authorIndex.flatMap((e) => e.codes))) {
      expect(sections.index, code).toContain(code);
    }
  });
}

/**
 * No page ends with a heading or with the head of a contribution (its code line, title or
 * authors): keep-with-next holds them to what follows. `rawText` is pdftotext's output, pages
 * separated by form feeds.
 */
export function itKeepsHeadingsWithTheirText(get: () => { model: BookletModel; rawText: string }): void {
  it('ends no page with a heading, a code line, a title or an author line (keep-with-next)', () => {
    const { model, rawText } = get();
    const heads = new Map<string, string>();
    for (const day of model.days) {
      heads.set(norm(day.heading), `day heading "${day.heading}"`);
      for (const b of day.blocks) {
        heads.set(norm(b.heading), `block heading "${b.heading}"`);
        for (const c of b.contributions) {
          heads.set(norm(c.title), `title of ${c.code}`);
          heads.set(norm(c.code), `code line of ${c.code}`);
          heads.set(norm(`${c.code}${c.time || c.board}`), `code line of ${c.code}`);
        }
      }
    }
    // The programme's pages: the author index (its entries end with codes) is left out.
    const all = rawText.split('\f');
    const indexPage = all.findLastIndex((page) => norm(page).startsWith(norm(model.labels.authorIndex)));
    const pages = all.slice(0, indexPage > 0 ? indexPage : -1);
    const problems: string[] = [];
    pages.forEach((page, i) => {
      const lines = page.split('\n').map(norm).filter((l) => l !== '' && !/^\d+$/.test(l)); // page numbers aside
      const last = lines[lines.length - 1];
      // A heading or title may wrap: its last line is then the end of the heading.
      const hit = last && last.length >= 4 ? [...heads].find(([head]) => head === last || (last.length >= 12 && head.endsWith(last))) : undefined;
      if (hit) {
        problems.push(`page ${i + 1} ends with the ${hit[1]}`);
      }
    });
    expect(problems).toEqual([]);
  });
}
