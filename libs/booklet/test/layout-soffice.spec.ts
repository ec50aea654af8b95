// Page sizes and the two-column author index, rendered by LibreOffice from ODT and DOCX (FEL2022).
import { describe, expect, it } from 'vitest';
import type { BookletModel } from '../src/model.js';
import { writeDocx } from '../src/docx/docx-writer.js';
import { writeOdt } from '../src/odt/odt-writer.js';
import { convert, pdfInfo, pdfText, requireSoffice } from './support/soffice.js';
import { fel2022Model } from './support/text-checks.js';

const hasSoffice = requireSoffice();
/** Page sizes in points (pdfinfo rounds them its own way: compared within half a point). */
const SIZES = { A4: [595.28, 841.89], Letter: [612, 792], A5: [419.53, 595.28] } as const;

function expectPageSize(info: { pageSize: string }, size: keyof typeof SIZES): void {
  const m = /^([\d.]+) x ([\d.]+) pts/.exec(info.pageSize);
  expect(m, info.pageSize).not.toBeNull();
  expect(Math.abs(Number(m![1]) - SIZES[size][0]), `${size}: ${info.pageSize}`).toBeLessThan(0.5);
  expect(Math.abs(Number(m![2]) - SIZES[size][1]), `${size}: ${info.pageSize}`).toBeLessThan(0.5);
}

function laidOut(pageSize: keyof typeof SIZES, index: 'codes' | 'pages'): BookletModel {
  return { ...fel2022Model(), layout: { pageSize, index } };
}

/** The index part of the laid-out text: from the last "Author Index" heading on. */
function indexPart(text: string): string {
  return text.slice(text.lastIndexOf('Author Index'));
}

/** Lines that hold two index entries side by side ("Allaria, Enrico  MOA01 …   Bonetti, Stefano …"). */
function twoColumnLines(index: string): number {
  return index.split('\n').filter((l) => /\p{Lu}[\p{L}'’ -]+, \p{Lu}.*\s{3,}\p{Lu}[\p{L}'’ -]+, \p{Lu}/u.test(l)).length;
}

describe.runIf(hasSoffice)('page sizes and the author index through LibreOffice (FEL2022)', () => {
  for (const [format, write] of [['odt', writeOdt], ['docx', writeDocx]] as const) {
    it(`${format}: A5 pages, the index in two columns with page numbers filled in`, async () => {
      const pdf = await convert(write(laidOut('A5', 'pages')), `fel2022-a5.${format}`, 'pdf');
      expectPageSize(await pdfInfo(pdf), 'A5');
      const index = indexPart(await pdfText(pdf, true));
      expect(twoColumnLines(index)).toBeGreaterThan(50);
      // Page numbers, not programme codes and not unfilled fields.
      expect(index).not.toMatch(/\bMOA0\d\b|\?/);
      expect(index).toMatch(/Allaria, Enrico\s+\d+(, \d+)+/);
    }, 180_000);

    it(`${format}: Letter and A4 pages, the index in two columns with codes`, async () => {
      for (const size of ['Letter', 'A4'] as const) {
        const pdf = await convert(write(laidOut(size, 'codes')), `fel2022-${size}.${format}`, 'pdf');
        expectPageSize(await pdfInfo(pdf), size);
        const index = indexPart(await pdfText(pdf, true));
        expect(twoColumnLines(index), size).toBeGreaterThan(50);
        expect(index).toMatch(/Allaria, Enrico\s+MOBI2, MOP01/);
      }
    }, 240_000);
  }
});
