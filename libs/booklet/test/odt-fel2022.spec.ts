// The real FEL2022 export → model → ODT → PDF through LibreOffice: nothing of the programme is lost.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BookletModel } from '../src/model.js';
import { writeOdt } from '../src/odt/odt-writer.js';
import { convert, pdfText, requireSoffice } from './support/soffice.js';
import { expectInOrder, fel2022Model, norm } from './support/text-checks.js';

const hasSoffice = requireSoffice();

describe.runIf(hasSoffice)('FEL2022 booklet as ODT through LibreOffice', () => {
  let model: BookletModel;
  let toc = '';
  let programme = '';
  let index = '';
  let text = '';
  let rawText = '';
  let pages: string[] = [];

  beforeAll(async () => {
    model = fel2022Model();
    const raw = await pdfText(await convert(writeOdt(model), 'fel2022.odt', 'pdf'));
    rawText = raw;
    text = norm(raw);
    pages = raw.split('\f').map(norm);
    // Contents … (last entry: the author index) | programme | author index
    const label = norm(model.labels.authorIndex);
    const tocStart = text.indexOf(norm(model.labels.contents));
    const tocEnd = text.indexOf(label, tocStart) + label.length;
    const indexStart = text.lastIndexOf(label);
    toc = text.slice(tocStart, tocEnd);
    programme = text.slice(tocEnd, indexStart);
    index = text.slice(indexStart);
  });

  it('has the whole programme (233 contributions in 21 blocks)', () => {
    expect(model.stats.contributions).toBe(233);
    expect(model.stats.blocks).toBeGreaterThanOrEqual(21);
  });

  it('lists every day and session block in the table of contents, in order', () => {
    const blocks = model.days.flatMap((d) => [d.heading, ...d.blocks.map((b) => b.heading)]);
    expectInOrder(toc, blocks.map(norm), 'contents');
  });

  it('gives every table-of-contents entry the page its heading is on, without "Update index"', () => {
    // Spaces kept here: a page number must not run into the page footer's number.
    const spaced = (t: string): string => t.normalize('NFKC').replace(/\s+/g, ' ');
    const headings = [...model.days.flatMap((d) => [d.heading, ...d.blocks.map((b) => b.heading)]), model.labels.authorIndex];
    const contents = spaced(rawText);
    let at = contents.indexOf(model.labels.contents);
    let last = 1;
    for (const heading of headings) {
      const i = contents.indexOf(spaced(heading), at);
      expect(i, heading).toBeGreaterThanOrEqual(0);
      const m = /^\.+ ?(\d+) /.exec(contents.slice(i + spaced(heading).length));
      expect(m, `page number after ${heading}`).not.toBeNull();
      const page = Number((m as RegExpExecArray)[1]);
      expect(page, heading).toBeGreaterThanOrEqual(last);
      expect(pages[page - 1], `${heading} on page ${page}`).toContain(norm(heading));
      last = page;
      at = i + heading.length;
    }
    expect(last).toBeGreaterThan(50);
  });

  it('prints every programme code and title, in model order', () => {
    const contributions = model.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions));
    expect(contributions.every((c) => c.code)).toBe(true);
    expectInOrder(programme, contributions.flatMap((c) => [c.code, norm(c.title)]), 'programme');
  });

  it('prints every presenter with the presenter mark', () => {
    const presenters = model.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions.flatMap((c) => c.authorGroups.flatMap((g) => g.authors.filter((a) => a.presenter).map((a) => `${norm(a.name)}*`)))));
    expect(presenters.length).toBeGreaterThan(200);
    for (const p of presenters) expect(programme, p).toContain(p);
  });

  it('ends with an author index listing every person with their codes', () => {
    expect(model.authorIndex.length).toBe(model.stats.persons);
    expectInOrder(index, model.authorIndex.flatMap((e) => [norm(e.givenNames ? `${e.familyName}, ${e.givenNames}` : e.familyName), ...e.codes]), 'author index');
  });
});
