import { beforeAll, describe, expect, it } from 'vitest';
import { checkPaper, pageList, resolveRules, type PaperReport, type PaperRules } from '../src/index.js';
import {
  A4_MM,
  HTML_ERROR_PAGE,
  JACOW_MM,
  LETTER_MM,
  annotationFontPdf,
  fodt,
  officePdfs,
  standard14Pdf,
  truncated,
  type3FigurePdf,
  withHeaderVersion,
} from '../test-support/make-pdfs.mjs';

// Real producers: LibreOffice exports (embedded fonts) and pdf-lib files (see make-pdfs.mjs).
let office: Record<'jacow' | 'a4' | 'letter' | 'long', Uint8Array>;
let encrypted: Uint8Array;

beforeAll(async () => {
  office = await officePdfs({
    jacow: fodt({ size: JACOW_MM, pages: 4, figure: true }),
    a4: fodt({ size: A4_MM, pages: 2 }),
    letter: fodt({ size: LETTER_MM, pages: 3 }),
    long: fodt({ size: JACOW_MM, pages: 7 }),
  });
  encrypted = (await officePdfs({ enc: fodt({ size: JACOW_MM, pages: 1 }) }, { encrypt: true })).enc;
});

const check = (bytes: Uint8Array, rules: PaperRules = {}, type?: string) => checkPaper(bytes, { id: 'p1', code: 'MOPA01', ...(type ? { type } : {}) }, resolveRules(rules));
const rules = (r: PaperReport) => r.problems.map((p) => `${p.rule}:${p.severity}:${p.page ?? '-'}`);

describe('checkPaper on LibreOffice exports', () => {
  it('passes a JACoW-size paper with embedded fonts', async () => {
    const r = await check(office.jacow);
    expect(r.ok).toBe(true);
    expect(r.problems).toEqual([]);
    expect(r.pages).toBe(4);
    expect(r.pageSizes).toEqual([{ width: 595.3, height: 792, pages: 4, name: 'JACoW' }]);
    expect(r.fonts.length).toBeGreaterThan(0);
    expect(r.fonts.every((f) => f.embedded)).toBe(true);
    expect(r.pdfVersion).toMatch(/^1\.[4-7]$/);
  });

  it('finds A4 and US Letter pages, named, on the first page', async () => {
    const a4 = await check(office.a4);
    expect(rules(a4)).toEqual(['page-size:error:1']);
    expect(a4.problems[0].message).toBe('All 2 pages: the page (MediaBox) is 595.3 × 841.9 pt (A4); expected 595 × 792 pt (JACoW), ±3 pt.');
    const letter = await check(office.letter);
    expect(rules(letter)).toEqual(['page-size:error:1']);
    expect(letter.problems[0].message).toContain('612 × 792 pt (US Letter)');
  });

  it('accepts the sizes the rules list, within the tolerance', async () => {
    const both = { pageSizes: [{ name: 'A4', width: 595.28, height: 841.89 }, { name: 'US Letter', width: 612, height: 792 }] };
    expect((await check(office.a4, both)).ok).toBe(true);
    expect((await check(office.letter, both)).ok).toBe(true);
    expect((await check(office.jacow, both)).ok).toBe(false);
    // 595.3 is 0.3 pt off the JACoW width: refused with no tolerance, accepted with 0.5 pt.
    expect((await check(office.jacow, { tolerancePt: 0 })).ok).toBe(false);
    expect((await check(office.jacow, { tolerancePt: 0.5 })).ok).toBe(true);
  });

  it('applies maxPages, and maxPagesByType over it for the paper’s type', async () => {
    expect(rules(await check(office.long))).toEqual([]);
    const over = await check(office.long, { maxPages: 5 });
    expect(rules(over)).toEqual(['page-count:error:-']);
    expect(over.problems[0].message).toBe('7 pages; the limit is 5.');
    const invited = await check(office.long, { maxPages: 5, maxPagesByType: { 'Invited Oral': 10 } }, 'Invited Oral');
    expect(invited.ok).toBe(true);
    const poster = await check(office.long, { maxPages: 10, maxPagesByType: { Poster: 5 } }, 'Poster');
    expect(poster.problems[0].message).toBe('7 pages; the limit for Poster is 5.');
  });

  it('reports an encrypted export as unreadable', async () => {
    const r = await check(encrypted);
    expect(rules(r)).toEqual(['unreadable:error:-']);
    expect(r.problems[0].message).toMatch(/^Encrypted PDF/);
    expect(r.ok).toBe(false);
  });

  it('warns about PDF 2.0, and accepts it when the rules allow 2.0', async () => {
    const v2 = withHeaderVersion(office.jacow, '2.0');
    const r = await check(v2);
    expect(r.pdfVersion).toBe('2.0');
    expect(rules(r)).toEqual(['pdf-version:warning:-']);
    expect(r.ok).toBe(true); // a warning is not an error
    expect(rules(await check(v2, { maxPdfVersion: '2.0' }))).toEqual([]);
    expect((await check(withHeaderVersion(office.jacow, '1.7'))).pdfVersion).toBe('1.7');
  });

  it('reports truncated files, HTML pages and empty files as unreadable, never throwing', async () => {
    expect((await check(truncated(office.jacow))).problems[0].message).toMatch(/^Damaged PDF: the file is truncated/);
    expect((await check(HTML_ERROR_PAGE)).problems[0].message).toMatch(/HTML or XML page/);
    expect((await check(new Uint8Array())).problems[0].message).toBe('Not a PDF: the file is empty.');
    const garbage = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    expect(rules(await check(garbage))).toEqual(['unreadable:error:-']);
  });
});

describe('checkPaper on pdf-lib files', () => {
  it('finds standard-14 fonts that are not embedded, on the first page that uses them', async () => {
    const r = await check(await standard14Pdf(3));
    expect(r.fonts).toEqual([{ name: 'Helvetica', type: 'Type1', embedded: false }]);
    expect(rules(r)).toEqual(['fonts-not-embedded:error:1']);
  });

  it('finds a Type 3 font inside a figure’s Form XObject, on its page', async () => {
    const r = await check(await type3FigurePdf());
    expect(r.fonts).toEqual([{ name: 'T3Figure', type: 'Type3', embedded: true }]);
    expect(rules(r)).toEqual(['type3-fonts:warning:2']);
    expect(rules(await check(await type3FigurePdf(), { allowType3: true }))).toEqual([]);
  });

  it('finds an unembedded font in an annotation’s appearance stream', async () => {
    const r = await check(await annotationFontPdf());
    expect(rules(r)).toEqual(['fonts-not-embedded:error:2']);
    expect(r.problems[0].message).toContain('Helvetica');
  });
});

describe('pageList', () => {
  it('names pages and runs', () => {
    expect(pageList([3], 5)).toBe('Page 3');
    expect(pageList([1, 2, 3], 3)).toBe('All 3 pages');
    expect(pageList([1, 2, 4, 6, 7], 9)).toBe('Pages 1–2, 4, 6–7');
  });
});
