// The real FEL2022 export → model → ODT → PDF through LibreOffice: nothing of the programme is lost.
import { beforeAll, describe, expect, it } from 'vitest';
import type { BookletModel } from '../src/model.js';
import { writeOdt } from '../src/odt/odt-writer.js';
import { convert, pdfText, requireSoffice } from './support/soffice.js';
import { bookletSections, fel2022Model, itKeepsHeadingsWithTheirText, itKeepsTheWholeProgramme, norm, type BookletSections } from './support/text-checks.js';

const hasSoffice = requireSoffice();

describe.runIf(hasSoffice)('FEL2022 booklet as ODT through LibreOffice', () => {
  let model: BookletModel;
  let sections: BookletSections;
  let rawText = '';
  let pages: string[] = [];

  beforeAll(async () => {
    model = fel2022Model();
    rawText = await pdfText(await convert(writeOdt(model), 'fel2022.odt', 'pdf'));
    pages = rawText.split('\f').map(norm);
    sections = bookletSections(norm(rawText), model);
  });

  itKeepsTheWholeProgramme(() => ({ model, sections }));
  itKeepsHeadingsWithTheirText(() => ({ model, rawText }));

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
});
