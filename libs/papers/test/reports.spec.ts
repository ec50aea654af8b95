import { describe, expect, it } from 'vitest';
import { papersCsv, papersHtml, resolveRules, ruleSentences, summarize, unreadableReport, type PaperReport } from '../src/index.js';

const good: PaperReport = { id: '1', code: 'MOPA02', title: 'Good', ok: true, pages: 4, pdfVersion: '1.6', pageSizes: [{ width: 595, height: 792, pages: 4, name: 'JACoW' }], fonts: [{ name: 'Times', type: 'TrueType', embedded: true }], problems: [] };
const warned: PaperReport = { ...good, id: '2', code: 'MOPA03', title: 'Warned', problems: [{ rule: 'type3-fonts', severity: 'warning', page: 2, message: 'Type 3 font T3 (first used on page 2).' }] };
const bad: PaperReport = {
  ...good,
  id: '3',
  code: 'MOPA10',
  title: '=HYPERLINK("http://evil.example") <script>alert(1)</script> & Co',
  ok: false,
  problems: [
    { rule: 'page-size', severity: 'error', page: 1, message: 'All 4 pages: the page (MediaBox) is 595.3 × 841.9 pt (A4).' },
    { rule: 'fonts-not-embedded', severity: 'error', page: 3, message: 'Font Helvetica (Type 1) is not embedded.' },
  ],
};
const unreadable = unreadableReport({ id: '4', code: 'MOPA01', title: 'Lost' }, 'Could not download the file: answered HTTP 404.');
const papers = [good, warned, bad, unreadable];

describe('summary', () => {
  it('counts papers by outcome', () => {
    expect(summarize(papers)).toEqual({ total: 4, ok: 2, withErrors: 2, withWarnings: 1, unreadable: 1 });
  });

  it('says what was found, in sentences, most frequent first', () => {
    expect(ruleSentences([bad, { ...bad, id: '5' }, unreadable])).toEqual([
      '2 papers have pages of the wrong size.',
      '2 papers have fonts that are not embedded.',
      '1 paper could not be read.',
    ]);
  });
});

describe('papersCsv', () => {
  it('has one row per problem, errors first, and neutralises formulas', () => {
    const lines = papersCsv(papers).replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('id,code,title,type,rule,severity,page,message');
    expect(lines).toHaveLength(5); // 2 + 1 + 1 problems; the good paper has none
    expect(lines[1]).toMatch(/^4,MOPA01,Lost,,unreadable,error,,/);
    expect(lines[2]).toMatch(/^3,MOPA10,"'=HYPERLINK/); // a spreadsheet shows the text, does not run it
    expect(lines[4]).toMatch(/^2,MOPA03,Warned,,type3-fonts,warning,2,/);
  });
});

describe('papersHtml', () => {
  const html = papersHtml(papers, summarize(papers), { checkedAt: new Date('2026-12-03T10:00:00Z'), rules: resolveRules({ maxPages: 5 }) });

  it('is one self-contained page: no script, no external resource', () => {
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!evil)/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co');
  });

  it('puts the summary first and the papers with errors before the others', () => {
    const at = (s: string) => html.indexOf(s);
    expect(at('papers</div>')).toBeLessThan(at('Papers with problems'));
    expect(at('MOPA01')).toBeLessThan(at('MOPA10'));
    expect(at('MOPA10')).toBeLessThan(at('MOPA03'));
    expect(at('MOPA03')).toBeLessThan(at('Papers without problems'));
    expect(html).toContain('<b>Fonts not embedded</b> (page 3): Font Helvetica (Type 1) is not embedded.');
    expect(html).toContain('595 × 792 pt (JACoW) ±3 pt');
    expect(html).toContain('5 pages at most');
  });
});
