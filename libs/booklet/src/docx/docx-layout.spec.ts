// The DOCX writer's layout: page sizes (the shipped template laid out for Letter and A5) and the
// author index in a continuous two-column section, with codes or PAGEREF fields.
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { smallModel } from '../../test/odt-model.js';
import { xmlProblem } from '../odt/xml-check.js';
import { writeDocx } from './docx-writer.js';

function parts(bytes: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(bytes)).map(([name, data]) => [name, strFromU8(data)]));
}

/** Text of every w:t, paragraphs on their own lines. */
function textOf(xml: string): string {
  return xml
    .split(/<\/w:p>/)
    .map((paragraph) => [...paragraph.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join(''))
    .join('\n');
}

describe('writeDocx: page sizes and the two-column author index', () => {
  const withLayout = (pageSize: 'A4' | 'Letter' | 'A5', index: 'codes' | 'pages' = 'codes') => parts(writeDocx({ ...smallModel(), layout: { pageSize, index } }));

  it('ends the one-column section with the index heading and sets the entries in two continuous columns', () => {
    const doc = withLayout('A4')['word/document.xml'];
    expect(doc).toMatch(/<w:pPr><w:pStyle w:val="BookletIndexHeading"\/><w:sectPr>.*?<w:pgSz w:w="11906" w:h="16838"\/>.*?<w:titlePg\/><\/w:sectPr><\/w:pPr>/);
    const last = doc.slice(doc.lastIndexOf('<w:sectPr'));
    expect(last).toMatch(/^<w:sectPr>.*<w:type w:val="continuous"\/><w:pgSz w:w="11906" w:h="16838"\/><w:pgMar [^>]*\/><w:cols w:num="2" w:space="340"\/><\/w:sectPr><\/w:body>/);
    expect(last).not.toContain('<w:titlePg/>');
    expect(xmlProblem(doc)).toBeNull();
  });

  it('prints "Name, codes" with an en space, or PAGEREF fields with index: pages', () => {
    expect(textOf(withLayout('A4')['word/document.xml'])).toContain('Allaria, Enrico\u2002MOA01');
    const doc = withLayout('A4', 'pages')['word/document.xml'];
    expect(doc).toMatch(/Allaria, Enrico<\/w:t><\/w:r><w:r><w:t xml:space="preserve">\u2002<\/w:t><\/w:r><w:r><w:fldChar w:fldCharType="begin"\/><\/w:r><w:r><w:instrText xml:space="preserve"> PAGEREF _jpsp_c\d+ \\h <\/w:instrText>/);
  });

  it('lays the shipped template out for Letter and A5 (page, margins, the right tab, A5 type at 90 %)', () => {
    expect(withLayout('Letter')['word/document.xml']).toContain('<w:pgSz w:w="12240" w:h="15840"/>');
    const a5 = withLayout('A5');
    expect(a5['word/document.xml']).toContain('<w:pgSz w:w="8391" w:h="11906"/><w:pgMar w:top="851" w:right="851" w:bottom="680" w:left="851"');
    expect(a5['word/styles.xml']).toContain(`w:pos="${8391 - 2 * 851}"`);
    expect(a5['word/styles.xml']).not.toContain('w:pos="9638"');
    // "Booklet Abstract" is 10 pt (20 half-points) on A4, 9 pt on A5.
    expect(withLayout('A4')['word/styles.xml']).toMatch(/w:styleId="BookletAbstract">.*?<w:sz w:val="20"\/>/);
    expect(a5['word/styles.xml']).toMatch(/w:styleId="BookletAbstract">.*?<w:sz w:val="18"\/>/);
  });
});
