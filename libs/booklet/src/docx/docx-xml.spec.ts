import { describe, expect, it } from 'vitest';
import { xmlProblem } from '../odt/xml-check.js';
import { escapeXml, stripInvalidXml as cleanText } from '../xml/xml-text.js';
import { abstractXml, richRun, run, text, TOC_INSTRUCTION, tocXml } from './docx-xml.js';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const wellFormed = (fragment: string): string | null => xmlProblem(`<w:body ${W}>${fragment}</w:body>`);

describe('escapeXml', () => {
  it('escapes markup characters and drops what XML cannot hold', () => {
    expect(escapeXml('a & b < c > d "e"')).toBe('a &amp; b &lt; c &gt; d &quot;e&quot;');
    expect(escapeXml('</w:t><w:p>')).toBe('&lt;/w:t&gt;&lt;w:p&gt;');
    expect(escapeXml('x\u0000\u0008\u000B\u001Fy\tz\n')).toBe('xy\tz\n');
    expect(escapeXml('pair \uD83D\uDE00 lone \uD800 \uDC00 end\uFFFE\uFFFF')).toBe('pair \uD83D\uDE00 lone   end');
    expect(escapeXml('plain text, nothing to do')).toBe('plain text, nothing to do');
  });

  it('cleanText only drops invalid characters (docxtemplater escapes the rest)', () => {
    expect(cleanText('R&amp;D <b> \u0001 \uD83D\uDE00 \uDBFF')).toBe('R&amp;D <b>  \uD83D\uDE00 ');
  });
});

describe('text and runs', () => {
  it('turns tabs and line breaks into <w:tab/> and <w:br/>', () => {
    expect(text('a\tb\r\nc\rd\ne&')).toBe(
      '<w:t xml:space="preserve">a</w:t><w:tab/><w:t xml:space="preserve">b</w:t><w:br/><w:t xml:space="preserve">c</w:t><w:br/><w:t xml:space="preserve">d</w:t><w:br/><w:t xml:space="preserve">e&amp;</w:t>',
    );
    expect(text('')).toBe('');
    expect(run('')).toBe('');
    expect(run('x', 'BookletPresenter')).toBe('<w:r><w:rPr><w:rStyle w:val="BookletPresenter"/></w:rPr><w:t xml:space="preserve">x</w:t></w:r>');
  });

  it('formats rich runs in schema order', () => {
    expect(richRun({ text: 'x', bold: true, italic: true, sup: true })).toBe('<w:r><w:rPr><w:b/><w:bCs/><w:i/><w:iCs/><w:vertAlign w:val="superscript"/></w:rPr><w:t xml:space="preserve">x</w:t></w:r>');
    expect(richRun({ text: '2', sub: true })).toBe('<w:r><w:rPr><w:vertAlign w:val="subscript"/></w:rPr><w:t xml:space="preserve">2</w:t></w:r>');
    expect(richRun({ text: '', br: true })).toBe('<w:r><w:br/></w:r>');
    expect(richRun({ text: '' })).toBe('');
  });
});

describe('abstractXml', () => {
  it('merges adjacent runs with the same formatting, drops empty paragraphs, splits lines at breaks (Lines but the last)', () => {
    const xml = abstractXml([
      [{ text: 'one ' }, { text: 'two ' }, { text: 'B', bold: true }, { text: 'C', bold: true }, { text: ' three' }],
      [{ text: '  ' }],
      [],
      [{ text: 'a' }, { text: '', br: true }, { text: 'b' }],
    ]);
    expect(xml).toBe(
      '<w:p><w:pPr><w:pStyle w:val="BookletAbstract"/></w:pPr><w:r><w:t xml:space="preserve">one two </w:t></w:r><w:r><w:rPr><w:b/><w:bCs/></w:rPr><w:t xml:space="preserve">BC</w:t></w:r><w:r><w:t xml:space="preserve"> three</w:t></w:r></w:p>' +
        '<w:p><w:pPr><w:pStyle w:val="BookletAbstractLines"/></w:pPr><w:r><w:t xml:space="preserve">a</w:t></w:r></w:p>' +
          '<w:p><w:pPr><w:pStyle w:val="BookletAbstract"/></w:pPr><w:r><w:t xml:space="preserve">b</w:t></w:r></w:p>',
    );
    expect(wellFormed(xml)).toBeNull();
    expect(abstractXml([])).toBe('');
  });
});

describe('tocXml', () => {
  it('is one TOC field across the entry paragraphs, each entry a link with a PAGEREF', () => {
    const xml = tocXml([
      { level: 1, text: 'Monday', bookmark: '_jpsp_d1' },
      { level: 2, text: 'MOA — A & B', bookmark: '_jpsp_b1' },
    ]);
    expect(wellFormed(xml)).toBeNull();
    expect(xml.match(/w:fldCharType="begin"/g)).toHaveLength(3); // TOC + 2 PAGEREF
    expect(xml.match(/w:fldCharType="end"/g)).toHaveLength(3);
    expect(xml).toContain(`<w:instrText xml:space="preserve"> ${escapeXml(TOC_INSTRUCTION)} </w:instrText>`);
    expect(xml).toContain('<w:hyperlink w:anchor="_jpsp_b1" w:history="1"><w:r><w:t xml:space="preserve">MOA — A &amp; B</w:t></w:r>');
    expect(xml).toContain(' PAGEREF _jpsp_b1 \\h ');
    expect(xml.endsWith('<w:p><w:pPr><w:pStyle w:val="TOC2"/></w:pPr><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')).toBe(true);
    expect(tocXml([], { toc1: 'Sommario1', toc2: 'Sommario2' })).toMatch(/^<w:p><w:pPr><w:pStyle w:val="Sommario1"\/><\/w:pPr><w:r><w:fldChar w:fldCharType="begin"\/>.*w:fldCharType="end"\/><\/w:r><\/w:p>$/);
  });
});
