import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { smallModel, syntheticModel } from '../../test/odt-model.js';
import type { BookletModel } from '../model.js';
import { BookletTemplateError } from '../options.js';
import { AUTHOR_INDEX_ANCHOR } from './odt-content.js';
import { BOOKLET_STYLES, styleName } from './odt-styles.js';
import { ODT_MIME, utf8, writeOdt } from './odt-writer.js';
import { escapeXml } from '../xml/xml-text.js';
import { xmlProblem } from './xml-check.js';

const dec = new TextDecoder();
function parts(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, dec.decode(v)]));
}
const attrs = (xml: string, tag: string, attr: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag}\\b[^>]*\\s${attr}="([^"]*)"`, 'g'))].map((m) => m[1]);
/** Text of `<tag …>…</tag>` elements (tags stripped, entities kept). */
const texts = (xml: string, tag: string, style: string): string[] =>
  [...xml.matchAll(new RegExp(`<${tag} text:style-name="${style}"[^>]*>(.*?)</${tag}>`, 'g'))].map((m) => (m[1]).replace(/<[^>]+>/g, ''));
function template(stylesXml: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({ mimetype: [strToU8('application/vnd.oasis.opendocument.text-template'), { level: 0 }], 'styles.xml': strToU8(stylesXml), ...extra });
}
const ROOT = '<office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">';

describe(writeOdt.name, () => {
  const model = smallModel();
  const sut = writeOdt(model);
  const p = parts(sut);

  it('writes mimetype as the first, stored entry without extra field, then the ODF parts', () => {
    const view = new DataView(sut.buffer, sut.byteOffset, sut.byteLength);
    expect(view.getUint32(0, true)).toBe(0x04034b50);
    expect(view.getUint16(8, true)).toBe(0); // compression: stored
    const nameLength = view.getUint16(26, true);
    expect(view.getUint16(28, true)).toBe(0); // no extra field
    expect(dec.decode(sut.subarray(30, 30 + nameLength))).toBe('mimetype');
    expect(dec.decode(sut.subarray(30 + nameLength, 30 + nameLength + ODT_MIME.length))).toBe(ODT_MIME);
    expect(Object.keys(p).sort()).toEqual(['META-INF/manifest.xml', 'content.xml', 'meta.xml', 'mimetype', 'styles.xml']);
    for (const part of ['content.xml', 'styles.xml', 'meta.xml']) {
      expect(p['META-INF/manifest.xml']).toContain(`manifest:full-path="${part}"`);
    }
    expect(p['META-INF/manifest.xml']).toContain('manifest:version="1.3"');
    expect(p['content.xml']).toContain('office:version="1.3"');
  });

  it('writes well-formed, namespace-correct XML in every part', () => {
    for (const part of ['content.xml', 'styles.xml', 'meta.xml', 'META-INF/manifest.xml']) {
      expect(xmlProblem(p[part]), part).toBeNull();
    }
  });

  it('escapes hostile text and drops XML-invalid characters', () => {
    const content = p['content.xml'];
    expect(content).toContain('Lasing at 1 nm: &lt;/text:p&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(content).not.toContain('<script>');
    expect(content).toContain('a &lt; b &amp; c &gt; d, &quot;quoted&quot; ]]&gt; &amp;amp; done.');
    expect(content).toContain('Auditorium &amp; Hall &lt;B&gt;');
    expect(content).toContain('Seeded FEL operation with control chars');
    expect(content).toContain('emoji 🚀 and a lone  surrogate');
    expect(content).not.toMatch(/[\u0000-\u0008]/);
  });

  it('utf8: encodes the pieces as one UTF-8 text', () => {
    const pieces = ['', 'ascii ', 'é–—', '', '🚀 Ω', 'x'.repeat(1000), '中文'];
    expect(Buffer.from(utf8(pieces)).equals(Buffer.from(new TextEncoder().encode(pieces.join(''))))).toBe(true);
    expect(utf8([])).toHaveLength(0);
  });

  it('escapeXml: fast path returns the same string, slow path strips lone surrogates only', () => {
    const plain = 'Plain text — ünïcödé 🚀';
    expect(escapeXml(plain)).toBe(plain);
    expect(escapeXml('a\uDC00b\uD83D\uDE80c\uD83Dd\uFFFEe\u000Bf\tg\nh')).toBe('ab\uD83D\uDE80cdef\tg\nh');
    expect(escapeXml('<&>"\'')).toBe('&lt;&amp;&gt;&quot;\'');
  });

  it('gives every paragraph, heading and span a named style defined in styles.xml', () => {
    const content = p['content.xml'];
    const styles = p['styles.xml'];
    const named = new Set(attrs(styles, 'style:style', 'style:name'));
    const automatic = new Set(attrs(content, 'style:style', 'style:name'));
    for (const s of BOOKLET_STYLES) {
      expect(named.has(s.name), s.displayName).toBe(true);
      expect(styles).toContain(`style:name="${s.name}" style:display-name="${s.displayName}" style:family="${s.family}"`);
    }
    for (const tag of ['text:p', 'text:h']) {
      const used = attrs(content, tag, 'text:style-name');
      expect(content.match(new RegExp(`<${tag}[ >]`, 'g'))?.length).toBe(used.length);
      for (const name of used) {
        expect(name.startsWith('Booklet_20_'), name).toBe(true);
      }
    }
    for (const name of attrs(content, 'text:span', 'text:style-name')) {
      expect(named.has(name) || automatic.has(name), name).toBe(true);
    }
    expect(styles).toMatch(/style:name="Booklet_20_Heading_20_1"[^>]*style:parent-style-name="Heading_20_1"[^>]*style:default-outline-level="1"/);
    // the cover is its own page style (no page number); the contents start the default one
    expect(styles).toMatch(/style:name="Booklet_20_Title"[^>]*style:master-page-name="Booklet_20_Cover"/);
    expect(styles).toMatch(/style:name="Booklet_20_Contents_20_Heading"[^>]*style:master-page-name="Standard"/);
    expect(styles).toContain('<style:master-page style:name="Booklet_20_Cover" style:display-name="Booklet Cover" style:page-layout-name="Booklet_PageLayout" style:next-style-name="Standard"/>');
    expect(styles).toMatch(/style:name="Booklet_20_Heading_20_2"[^>]*style:parent-style-name="Heading_20_2"[^>]*style:default-outline-level="2"/);
  });

  it('prints the cover, days, session blocks and contributions in model order', () => {
    const content = p['content.xml'];
    expect(texts(content, 'text:p', styleName('Booklet Title'))).toEqual(['FEL2022 — 40th Free Electron Laser Conference']);
    expect(texts(content, 'text:p', styleName('Booklet Cover Dates'))).toEqual(['22–26 August 2022']);
    expect(texts(content, 'text:p', styleName('Booklet Cover Venue'))).toEqual(['Trieste, Italy']);
    expect(texts(content, 'text:p', styleName('Booklet Presenter Note'))).toEqual(['* presenter']);
    expect(texts(content, 'text:h', styleName('Booklet Heading 1'))).toEqual(['Monday, 22 August 2022', 'Unscheduled contributions']);
    expect(texts(content, 'text:h', styleName('Booklet Heading 2'))).toEqual(['MOA — Opening Session', 'MOP — Monday Posters', 'Other contributions']);
    expect(content).toMatch(/<text:h text:style-name="Booklet_20_Heading_20_1" text:outline-level="1"><text:bookmark text:name="day-2022-08-22"\/>/);
    expect(texts(content, 'text:p', styleName('Booklet Session Info'))).toEqual([
      'Monday, 22 August 2022, 09:00–10:30',
      'Room: Auditorium &amp; Hall &lt;B&gt;',
      'Chairs: A. Chair (CERN), B. Chair (DESY)',
      'Monday, 22 August 2022, 16:00–18:00',
      'Room: Poster Area',
      'Chair: C. Solo (ESRF)',
    ]);
    expect(texts(content, 'text:p', styleName('Booklet Contribution Code'))).toEqual(['MOA0109:00', 'MOA0209:30', 'MOP01Board\u00a012', 'XYZ99']);
    expect(content).toContain('<text:bookmark text:name="c-MOA01"/>MOA01<text:tab/>09:00</text:p>');
    // No board, no time: the code alone, never a tab to an empty slot.
    expect(content).toContain('<text:bookmark text:name="c-XYZ99"/>XYZ99</text:p>');
    expect(texts(content, 'text:p', styleName('Booklet Contribution Title'))[3]).toBe('An unscheduled talk');
    expect(texts(content, 'text:p', styleName('Booklet Authors'))).toEqual([
      'E. Allaria*, L. Badano (Elettra-Sincrotrone Trieste S.C.p.A.); Ö. Çelik (CERN)',
      'J. van der Berg*',
      'S. Reiche*, É. Prat (PSI)',
      'D. de Vries (ESRF)',
    ]);
    expect(content).toContain('<text:span text:style-name="Booklet_20_Presenter">E. Allaria*</text:span>');
    expect(content).toContain('<text:span text:style-name="Booklet_20_Affiliation">(CERN)</text:span>');
    expect(texts(content, 'text:p', styleName('Booklet Custom Field'))).toEqual(['Funding Agency: EU Horizon &amp; Co']);
  });

  it('renders abstract runs as automatic text styles and line breaks', () => {
    const content = p['content.xml'];
    const style = (name: string): string => (new RegExp(`<style:style style:name="${name}" style:family="text"><style:text-properties([^>]*)/>`).exec(content)?.[1] ?? '').trim();
    const span = (text: string): string => new RegExp(`<text:span text:style-name="(T\\d+)">${text}</text:span>`).exec(content)?.[1] ?? 'none';
    expect(style(span('italic'))).toContain('fo:font-style="italic"');
    expect(style(span('bold'))).toContain('fo:font-weight="bold"');
    expect(content).toContain('We report Bi<text:span text:style-name="T8">2</text:span>Se');
    expect(style('T8')).toBe('style:text-position="sub 58%"');
    expect(style('T4')).toBe('style:text-position="super 58%"');
    expect(content).toContain('x<text:span text:style-name="T4">2</text:span>.');
    // A paragraph with a line break: one justified paragraph per line, "Lines" but the last.
    expect(content).toContain('<text:p text:style-name="Booklet_20_Abstract_20_Lines">Second line</text:p><text:p text:style-name="Booklet_20_Abstract">after a break');
    expect(content).not.toContain('<text:line-break/>');
    expect(texts(content, 'text:p', styleName('Booklet Abstract'))).toHaveLength(4);
    expect(texts(content, 'text:p', styleName('Booklet Abstract Lines'))).toEqual(['Second line']);
  });

  it('prefills the table of contents with every day and session block, linked to their headings', () => {
    const content = p['content.xml'];
    const toc = /<text:table-of-content [\s\S]*?<\/text:table-of-content>/.exec(content)?.[0] ?? '';
    expect(toc).toContain('<text:table-of-content-source text:outline-level="2"');
    const body = /<text:index-body>([\s\S]*)<\/text:index-body>/.exec(toc)?.[1] ?? '';
    const entries = [...body.matchAll(/<text:p text:style-name="([^"]+)"><text:a [^>]*xlink:href="#([^"]+)"[^>]*>([^<]*)<text:tab\/><text:bookmark-ref text:reference-format="page" text:ref-name="([^"]+)"><\/text:bookmark-ref><\/text:a><\/text:p>/g)].map((m) => {
      expect(m[4]).toBe(m[2]); // the page number field refers to the same bookmark
      return [m[1], m[2], m[3]];
    });
    expect(entries).toEqual([
      ['Booklet_20_Contents_20_1', 'day-2022-08-22', 'Monday, 22 August 2022'],
      ['Booklet_20_Contents_20_2', 'blk-MOA', 'MOA — Opening Session'],
      ['Booklet_20_Contents_20_2', 'blk-MOP', 'MOP — Monday Posters'],
      ['Booklet_20_Contents_20_1', 'day-unscheduled', 'Unscheduled contributions'],
      ['Booklet_20_Contents_20_2', 'blk-unscheduled', 'Other contributions'],
      ['Booklet_20_Contents_20_1', AUTHOR_INDEX_ANCHOR, 'Author Index'],
    ]);
    const bookmarks = new Set(attrs(content, 'text:bookmark', 'text:name'));
    for (const [, anchor] of entries) {
      expect(bookmarks.has(anchor), anchor).toBe(true);
    }
    expect(texts(content, 'text:p', styleName('Booklet Contents Heading'))).toEqual(['Contents']);
  });

  it('ends with the author index, codes linked to their contributions', () => {
    const content = p['content.xml'];
    expect(texts(content, 'text:h', styleName('Booklet Index Heading'))).toEqual(['Author Index']);
    const entries = texts(content, 'text:p', styleName('Booklet Index Entry'));
    expect(entries).toEqual(['Allaria, Enrico\u2002MOA01', 'Badano, Laura\u2002MOA01', 'Çelik, Özgür\u2002MOA01', 'de Vries, Dirk\u2002XYZ99', 'Prat, Éduard\u2002MOP01', 'Reiche, Sven\u2002MOP01', 'van der Berg, Jan\u2002MOA02']);
    expect(content).toContain('<text:span text:style-name="Booklet_20_Index_20_Name">de Vries, Dirk</text:span>\u2002<text:a xlink:type="simple" xlink:href="#c-XYZ99"');
    expect(content.lastIndexOf('Booklet_20_Index_20_Entry')).toBeGreaterThan(content.lastIndexOf('Booklet_20_Contribution_20_Code'));
    // In two columns: a section after the (full-width) heading, holding every entry.
    expect(content).toContain('<style:style style:name="Booklet_IndexColumns" style:family="section"><style:section-properties text:dont-balance-text-columns="false"><style:columns fo:column-count="2"');
    expect(content).toMatch(/Author Index<\/text:h><text:section text:style-name="Booklet_IndexColumns" text:name="Author Index"><text:p text:style-name="Booklet_20_Index_20_Entry">.*<\/text:p><\/text:section><\/office:text>/);
  });

  it('prints page numbers instead of codes with index: pages (fields LibreOffice fills), and homonyms with their affiliation', () => {
    const model: BookletModel = { ...smallModel(), layout: { pageSize: 'A4', index: 'pages' } };
    model.authorIndex = [...model.authorIndex, { familyName: 'Allaria', givenNames: 'Enrico', affiliation: 'Lund University', codes: ['MOP01'] }];
    const content = parts(writeOdt(model))['content.xml'];
    expect(content).toContain('Allaria, Enrico</text:span>\u2002<text:span text:style-name="Booklet_20_Index_20_Code"><text:bookmark-ref text:reference-format="page" text:ref-name="c-MOA01">?</text:bookmark-ref></text:span>');
    expect(content).toContain('Allaria, Enrico (Lund University)</text:span>\u2002');
    expect(content).not.toContain('xlink:href="#c-MOA01" text:style-name="Booklet_20_Index_20_Code"');
  });

  it('lays the page out for A4, Letter and A5 (margins, the right tab at the column edge, A5 type at 90 %)', () => {
    const layout = (pageSize: 'A4' | 'Letter' | 'A5') => parts(writeOdt({ ...smallModel(), layout: { pageSize, index: 'codes' } }))['styles.xml'];
    expect(layout('A4')).toContain('fo:page-width="21cm" fo:page-height="29.7cm"');
    expect(layout('Letter')).toContain('fo:page-width="21.59cm" fo:page-height="27.94cm"');
    const a5 = layout('A5');
    expect(a5).toContain('fo:page-width="14.8cm" fo:page-height="21cm" style:print-orientation="portrait" fo:margin-top="1.5cm"');
    expect(a5).toContain('<style:tab-stop style:position="11.8cm" style:type="right"/>');
    expect(a5).not.toContain('style:position="17cm"');
    // "Booklet Abstract" is 10pt on A4, 9pt on A5.
    expect(layout('A4')).toMatch(/style:name="Booklet_20_Abstract" [^>]*>.*?fo:font-size="10pt"/);
    expect(a5).toMatch(/style:name="Booklet_20_Abstract" [^>]*>.*?fo:font-size="9pt"/);
  });

  it('omits the author index (and its TOC entry) when it is empty, and the presenter note without presenters', () => {
    const bare: BookletModel = { ...smallModel(), authorIndex: [] };
    for (const day of bare.days) {
      for (const b of day.blocks) {
        for (const c of b.contributions) {
          for (const g of c.authorGroups) {
            for (const a of g.authors) {
              a.presenter = false;
            }
          }
        }
      }
    }
    const content = parts(writeOdt(bare))['content.xml'];
    expect(content).not.toContain('Booklet_20_Index_20_Heading');
    expect(content).not.toContain('Author Index');
    expect(content).not.toContain(AUTHOR_INDEX_ANCHOR);
    expect(content).not.toContain('* presenter');
    expect(xmlProblem(content)).toBeNull();
  });

  it('writes an empty booklet (no days) as a valid document', () => {
    const empty: BookletModel = { ...smallModel(), days: [], authorIndex: [] };
    const out = parts(writeOdt(empty));
    expect(xmlProblem(out['content.xml'])).toBeNull();
    expect(out['content.xml']).toContain('<text:index-body>');
  });

  // Speed is measured by `npm run bench:booklet` (docs/benchmarks.md), never asserted in a unit test.
  it('writes 2,000 contributions as well-formed XML, every one of them in order', () => {
    const big = syntheticModel(2000);
    const content = parts(writeOdt(big))['content.xml'];
    expect(xmlProblem(content)).toBeNull();
    let from = 0;
    for (const c of big.days.flatMap((d) => d.blocks.flatMap((b) => b.contributions))) {
      const at = content.indexOf(`>${c.code}<`, from);
      expect(at, c.code).toBeGreaterThan(from);
      from = at;
    }
  });
});

describe('writeOdt with a styles template', () => {
  it("uses the template's definitions and merges in every Booklet style it lacks", () => {
    const custom =
      '<?xml version="1.0" encoding="UTF-8"?>' + ROOT +
      '<office:styles><style:style style:name="Booklet_20_Contribution_20_Title" style:display-name="Booklet Contribution Title" style:family="paragraph"><style:text-properties fo:font-family="DejaVu Sans Mono" fo:color="#aa0000"/></style:style></office:styles>' +
      '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="Mine"/></office:master-styles>' +
      '</office:document-styles>';
    const out = parts(writeOdt(smallModel(), { styles: template(custom, { 'Pictures/logo.png': new Uint8Array([137, 80, 78, 71]) }) }));
    const styles = out['styles.xml'];
    expect(xmlProblem(styles)).toBeNull();
    expect(styles).toContain('fo:font-family="DejaVu Sans Mono" fo:color="#aa0000"');
    expect(styles.match(/style:name="Booklet_20_Contribution_20_Title"/g)).toHaveLength(1);
    for (const s of BOOKLET_STYLES) {
      expect(styles).toContain(`style:name="${s.name}"`);
    }
    expect(styles).toContain('xmlns:text=');
    expect(styles).toContain('<style:master-page style:name="Standard" style:page-layout-name="Mine"/>');
    expect(styles).not.toContain('Booklet_PageLayout');
    // the cover's page style is added on the template's own page
    expect(styles).toContain('<style:master-page style:name="Booklet_20_Cover" style:display-name="Booklet Cover" style:page-layout-name="Mine" style:next-style-name="Standard"/>');
    expect(out['Pictures/logo.png']).toBeDefined();
    expect(out['META-INF/manifest.xml']).toContain('manifest:full-path="Pictures/logo.png" manifest:media-type="image/png"');
  });

  it('completes a template without styles, fonts or master pages', () => {
    const out = parts(writeOdt(smallModel(), { styles: template(`${ROOT.slice(0, -1)}/>`) }));
    const styles = out['styles.xml'];
    expect(xmlProblem(styles)).toBeNull();
    for (const s of BOOKLET_STYLES) {
      expect(styles).toContain(`style:name="${s.name}"`);
    }
    expect(styles).toContain('<style:master-page style:name="Standard" style:page-layout-name="Booklet_PageLayout">');
    expect(styles).toContain('<style:master-page style:name="Booklet_20_Cover" style:display-name="Booklet Cover" style:page-layout-name="Booklet_PageLayout"');
    expect(styles).toContain('<style:font-face style:name="Liberation Serif"');
  });

  it('fills a self-closing office:styles and accepts a template without mimetype', () => {
    const bare = zipSync({ 'styles.xml': strToU8(`${ROOT}<office:font-face-decls/><office:styles/></office:document-styles>`) });
    const styles = parts(writeOdt(smallModel(), { styles: bare }))['styles.xml'];
    expect(xmlProblem(styles)).toBeNull();
    expect(styles).not.toContain('<office:styles/>');
    for (const s of BOOKLET_STYLES) {
      expect(styles).toContain(`style:name="${s.name}"`);
    }
  });

  it.each([
    ['a DOCTYPE (entity expansion)', template(`<!DOCTYPE x [<!ENTITY a "aaaa">]>${ROOT}</office:document-styles>`), /not well-formed XML: DOCTYPE/],
    ['not a zip', new Uint8Array([1, 2, 3, 4, 5]), /not a readable ODF \(zip\) file/],
    ['empty', new Uint8Array(), /is empty/],
    ['no styles.xml', zipSync({ 'word/document.xml': strToU8('<w/>') }), /has no styles\.xml/],
    ['a spreadsheet', zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'styles.xml': strToU8(`${ROOT}</office:document-styles>`) }), /not a text document/],
    ['malformed styles.xml', template(`${ROOT}<office:styles></office:document-styles>`), /not well-formed XML/],
    ['another root', template('<root/>'), /no office:document-styles root/],
  ])('rejects a template that is %s with BookletTemplateError', (_what, bytes, message) => {
    let error: unknown;
    try {
      writeOdt(smallModel(), { styles: bytes });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BookletTemplateError);
    expect((error as Error).message).toMatch(message);
    expect((error as BookletTemplateError).details[0]?.path).toBe('options.template.odt');
  });
});
